extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Budget.Tests.AppHost;

/// <summary>
/// The AppHost's real composition, started once for the tests that share it, in a given cache mode, on a throw-away
/// data folder. The OTLP endpoint is removed from the services: with no dashboard to receive telemetry they would
/// otherwise spend seconds flushing it at shutdown.
/// </summary>
public abstract class AppHostFixture(string cacheMode) : IAsyncLifetime
{
    /// <summary>One composition at a time: two would race to install the web app's packages, and share 2 cores.</summary>
    public const string Collection = "AppHost";

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("budget-apphost-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Budget_AppHost>(
            [
                $"Cache:Mode={cacheMode}",
                $"Api:DataDirectory={_dataDirectory}",
                $"Parameters:jwt-signing-key={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48))}",
            ],
            cancellation.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
        App = await builder.BuildAsync(cancellation.Token);
        await App.StartAsync(cancellation.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("api", cancellation.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("web", cancellation.Token);
    }

    /// <summary>
    /// Runs a start or restart command on <paramref name="resource"/> and waits until it is healthy. On a loaded
    /// machine Aspire's orchestrator now and then reports a restart as "failed to start" although the process is fine
    /// (Aspire quarantines its own test of this, microsoft/aspire#15777); one more start tells that apart from an app
    /// that really cannot start, which fails again.
    /// </summary>
    public async Task StartAndWaitHealthyAsync(string resource, string command, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        await App.ResourceCommands.ExecuteCommandAsync(resource, command, timeout.Token);
        try
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
        catch (DistributedApplicationException)
        {
            await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(AppHostFixture.Collection)]
public sealed class AppHostCollection;

public sealed class LocalRedisAppHost() : AppHostFixture("local");

public sealed class NoCacheAppHost() : AppHostFixture("none");
