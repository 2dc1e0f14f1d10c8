using Aspire.Hosting.ApplicationModel;

namespace Budget.AppHost.Deployment;

/// <summary>
/// What a resource's pod asks of the Pi (requests) and may never exceed (limits), in Kubernetes quantities
/// ("32Mi", "100m"). Declared next to the resource in the AppHost; the k3s publishing step only reads it.
/// </summary>
public sealed record PodSizing(string RequestsMemory, string RequestsCpu, string LimitsMemory, string LimitsCpu) : IResourceAnnotation;

public static class PodSizingExtensions
{
    public static IResourceBuilder<T> WithPodSizing<T>(this IResourceBuilder<T> resource, (string Memory, string Cpu) requests, (string Memory, string Cpu) limits)
        where T : IResource =>
        resource.WithAnnotation(new PodSizing(requests.Memory, requests.Cpu, limits.Memory, limits.Cpu), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>The resource's declared sizing; publishing refuses a resource without one rather than guess.</summary>
    public static PodSizing GetPodSizing(this IResource resource) =>
        resource.Annotations.OfType<PodSizing>().LastOrDefault()
        ?? throw new InvalidOperationException($"'{resource.Name}' declares no pod sizing; add .WithPodSizing(...) in the AppHost.");
}

/// <summary>The uid (and gid) a container image runs as, for the pod's non-root security context.</summary>
public sealed record PodUser(long Id) : IResourceAnnotation;

public static class PodUserExtensions
{
    public static IResourceBuilder<T> WithPodUser<T>(this IResourceBuilder<T> resource, long id)
        where T : IResource =>
        resource.WithAnnotation(new PodUser(id), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>The image's user; publishing refuses a container without one rather than run it as root or guess.</summary>
    public static long GetPodUser(this IResource resource) =>
        resource.Annotations.OfType<PodUser>().LastOrDefault()?.Id
        ?? throw new InvalidOperationException($"'{resource.Name}' declares no pod user; add .WithPodUser(uid) in the AppHost.");
}
