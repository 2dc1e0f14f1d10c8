extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Budget.Tests.AppHost;

/// <summary>
/// The AppHost's real composition, started once for the tests that share it. The OTLP endpoint is removed from the
/// services: with no dashboard to receive telemetry they would otherwise spend seconds flushing it at shutdown.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var cancellation = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Budget_AppHost>(
            ["--environment=Testing"], cancellation.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
        App = await builder.BuildAsync(cancellation.Token);
        await App.StartAsync(cancellation.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellation.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
