using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Budget.AppHost.Deployment;
using HealthChecks.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Budget.AppHost;

/// <summary>Where the API keeps sessions and refresh tokens: <c>Cache:Mode</c> in the AppHost's configuration.</summary>
public enum CacheMode
{
    /// <summary>No Redis: the API keeps them in SQLite. The default where no container runtime answers.</summary>
    None,
    /// <summary>Redis in a container (Aspire.Hosting.Redis). The default where Docker or Podman answers, and when publishing.</summary>
    Container,
    /// <summary>A <c>redis-server</c> executable on a free loopback port, for machines without containers.</summary>
    Local,
}

public static class SessionCache
{
    public const string ModeKey = "Cache:Mode";

    /// <summary>Adds the cache the configuration asks for and points the API at it; <see cref="CacheMode.None"/> adds nothing.</summary>
    public static IResourceBuilder<ProjectResource> WithSessionCache(this IResourceBuilder<ProjectResource> api)
    {
        var builder = api.ApplicationBuilder;
        IResourceBuilder<IResourceWithConnectionString>? cache = ChooseMode(builder) switch
        {
            CacheMode.Container => builder.AddRedis(ResourceNames.Cache)
                // On the Pi (publish only): its pod's size, the redis image's own user, sessions-only settings.
                .WithPodSizing(requests: ("16Mi", "20m"), limits: ("48Mi", "100m"))
                .WithPodUser(999)
                .WithPiCacheSettings(),
            CacheMode.Local => builder.AddLocalRedis(ResourceNames.Cache),
            _ => null,
        };
        return cache is null ? api : api.WithReference(cache).WaitFor(cache);
    }

    public static CacheMode ChooseMode(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ModeKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Enum.TryParse<CacheMode>(configured, ignoreCase: true, out var mode)
                ? mode
                : throw new InvalidOperationException($"{ModeKey} is '{configured}'; use none, container or local.");
        }
        // Publishing describes the deployment, not this machine: the Pi's Redis becomes an optional component there.
        return builder.ExecutionContext.IsPublishMode || ContainerRuntimeAnswers() ? CacheMode.Container : CacheMode.None;
    }

    /// <summary>
    /// Asks the daemon, not the CLI: a docker CLI without a daemon is common, and Aspire would then wait forever
    /// for the Redis container instead of failing.
    /// </summary>
    private static bool ContainerRuntimeAnswers() => Answers("docker") || Answers("podman");

    private static bool Answers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill();
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Redis as a plain <c>redis-server</c> process: loopback only, persisting nothing, with a health check.</summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var redis = new LocalRedisResource(name);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, cancellationToken) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck,
            _ => new RedisHealthCheck(connectionString ?? throw new InvalidOperationException("Redis has no address yet.")),
            failureStatus: null,
            tags: null));

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            })
            .WithHealthCheck(healthCheck);
    }
}

/// <summary>A <c>redis-server</c> the AppHost runs as a process, offering a connection string like Aspire's Redis.</summary>
public sealed class LocalRedisResource(string name) : ExecutableResource(name, "redis-server", "."), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}
