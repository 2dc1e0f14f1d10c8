using Budget.AppHost;
using Budget.AppHost.Deployment;

var builder = DistributedApplication.CreateBuilder(args);

// Generated once and kept in the AppHost's user secrets, so restarts sign nobody out. 64 letters and digits are
// valid base64 for 48 bytes, which is what the API expects.
var signingKey = builder.AddParameter(
    ResourceNames.SigningKey,
    new GenerateParameterDefault { MinLength = 64, Special = false },
    secret: true,
    persist: true);

// Kept across runs; delete the folder to start afresh (see README).
var dataDirectory = builder.Configuration["Api:DataDirectory"] ?? Path.Combine(builder.AppHostDirectory, ".data");

var api = builder.AddProject<Projects.Budget_Api>(ResourceNames.Api)
    .WithEnvironment("ConnectionStrings__budget", $"Data Source={Path.Combine(dataDirectory, "budget.db")}")
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithHttpHealthCheck("/health")
    .WithSessionCache();

builder.AddWebDevServer(api);

// The Raspberry Pi (k3s): what each pod may use, and the step that writes aspirate-output/ (see README).
api.WithPodSizing(requests: ("32Mi", "100m"), limits: ("64Mi", "200m"));
builder.AddK3sPublishing(cacheSizing: new PodSizing(RequestsMemory: "16Mi", RequestsCpu: "20m", LimitsMemory: "48Mi", LimitsCpu: "100m"));

builder.Build().Run();
