namespace Budget.AppHost.Deployment;

// The few parts of kustomize's own file format the manifests use (kustomize.config.k8s.io); KubernetesClient has
// no model for them. Property names serialise in camelCase, nulls are left out.

public sealed class Kustomization
{
    public string ApiVersion { get; init; } = "kustomize.config.k8s.io/v1beta1";
    public string Kind { get; init; } = "Kustomization";
    public string? Namespace { get; init; }
    public IDictionary<string, string>? Labels { get; init; }
    public IList<string>? Resources { get; init; }
    public IList<string>? Components { get; init; }
    public IList<KustomizePatch>? Patches { get; init; }
    public IList<KustomizeGenerator>? ConfigMapGenerator { get; init; }
    public IList<KustomizeGenerator>? SecretGenerator { get; init; }
    public IList<KustomizeReplacement>? Replacements { get; init; }
}

public sealed record KustomizePatch(string Path);

public sealed class KustomizeGenerator
{
    public required string Name { get; init; }
    public IList<string>? Envs { get; init; }
    public KustomizeGeneratorOptions? Options { get; init; }
}

public sealed class KustomizeGeneratorOptions
{
    public IDictionary<string, string>? Annotations { get; init; }
}

public sealed record KustomizeReplacement(KustomizeSource Source, IList<KustomizeTarget> Targets);

public sealed record KustomizeSource(string Kind, string Name, string FieldPath);

public sealed record KustomizeTarget(KustomizeSelector Select, IList<string> FieldPaths);

public sealed record KustomizeSelector(string Kind, string Name);
