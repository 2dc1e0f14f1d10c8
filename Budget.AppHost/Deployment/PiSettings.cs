using Aspire.Hosting.ApplicationModel;

namespace Budget.AppHost.Deployment;

/// <summary>When and in which time zone the app's own backup command runs on the Pi (a k3s CronJob).</summary>
/// <param name="Schedule">A cron schedule, read in <paramref name="TimeZone"/>.</param>
/// <param name="TimeZone">A parameter holding an IANA time zone name (e.g. Europe/Berlin).</param>
public sealed record BackupSchedule(string Schedule, ParameterResource TimeZone) : IResourceAnnotation;

/// <summary>
/// What the AppHost composes for the Raspberry Pi only: settings applied in publish mode, where the k3s publishing
/// step reads them from the model like every other variable. A local run never sees them.
/// </summary>
public static class PiSettings
{
    /// <summary>Traefik, k3s's ingress, runs in the cluster's pod network (k3s's default 10.42.0.0/16).</summary>
    public const string ClusterPodNetwork = "10.42.0.0/16";

    /// <summary>The API in its small pod behind Traefik: production settings and .NET's memory habits tamed.</summary>
    /// <remarks>
    /// The GC mode, the heap limit, tiered compilation (off, so no tiered PGO either) and invariant globalization are
    /// not here: the published build's runtimeconfig states them (Budget.Api.csproj), and the image runs that build,
    /// so the benchmark, the image and the pod share one value.
    /// </remarks>
    public static IResourceBuilder<ProjectResource> WithPiRuntime(this IResourceBuilder<ProjectResource> api) =>
        api.WithEnvironment(context =>
        {
            if (!context.ExecutionContext.IsPublishMode)
            {
                return;
            }
            var env = context.EnvironmentVariables;
            env["ASPNETCORE_ENVIRONMENT"] = "Production";
            // The API decides which proxy's X-Forwarded-For it believes (Network:TrustedProxies); Aspire's switch
            // would believe anyone's.
            env.Remove("ASPNETCORE_FORWARDEDHEADERS_ENABLED");
            env["Network__TrustedProxies__0"] = ClusterPodNetwork;
            // A 4 MiB gen0 budget (hex): frequent, cheap collections instead of a heap that grows to the limit.
            env["DOTNET_GCgen0size"] = "0x400000";
            // W^X maps JIT code twice through shared memory, which the memory limit counts: ~20 MiB less without it.
            env["DOTNET_EnableWriteXorExecute"] = "0";
            // No diagnostics IPC socket: nothing attaches to it on the Pi, and the root filesystem is read-only.
            env["DOTNET_EnableDiagnostics"] = "0";
        });

    /// <summary>Runs the app's <c>backup</c> command on the Pi on <paramref name="schedule"/>, in <paramref name="timeZone"/>'s time.</summary>
    public static IResourceBuilder<ProjectResource> WithNightlyBackup(this IResourceBuilder<ProjectResource> api, string schedule, IResourceBuilder<ParameterResource> timeZone) =>
        api.WithAnnotation(new BackupSchedule(schedule, timeZone.Resource), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>
    /// Redis on the Pi holds sessions only: capped well under its pod's limit, the soonest-expiring keys evicted first,
    /// nothing written to disk (a restart signs everyone out, as a restart of the API would).
    /// </summary>
    public static IResourceBuilder<RedisResource> WithPiCacheSettings(this IResourceBuilder<RedisResource> redis) =>
        redis.WithArgs(context =>
        {
            if (!context.ExecutionContext.IsPublishMode)
            {
                return;
            }
            // Aspire's own arguments are `-c "redis-server --requirepass $REDIS_PASSWORD"` for its /bin/sh entry point.
            context.Args.Clear();
            context.Args.Add("-c");
            context.Args.Add("exec redis-server --requirepass \"$REDIS_PASSWORD\" --maxmemory 24mb --maxmemory-policy volatile-ttl --save '' --appendonly no");
        });
}
