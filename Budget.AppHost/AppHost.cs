using Budget.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddProject<Projects.Budget_Api>(ResourceNames.Api)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
