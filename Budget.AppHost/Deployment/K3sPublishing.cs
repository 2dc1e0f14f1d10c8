#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004 // Aspire's pipeline API is experimental; it is the only publishing hook we have.
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Budget.AppHost.Deployment;

/// <summary>
/// The <c>publish-k3s</c> pipeline step: writes the Pi's kustomize tree (see <see cref="K3sManifests"/>) into the
/// publish output folder. Run it with
/// <c>dotnet run --project Budget.AppHost -- --operation publish --step publish-k3s --output-path aspirate-output</c>.
/// </summary>
public static class K3sPublishing
{
    public const string StepName = "publish-k3s";

    public static IDistributedApplicationBuilder AddK3sPublishing(this IDistributedApplicationBuilder builder)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        builder.Pipeline.AddStep(StepName, async context =>
        {
            // A relative --output-path means the repository root, where the README's command is run (`dotnet run`
            // starts the AppHost in its own folder, which Aspire would resolve it against).
            var requested = context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.OutputPath;
            var output = string.IsNullOrEmpty(requested)
                ? context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory()
                : Path.GetFullPath(requested, repositoryRoot);
            var files = await K3sManifests.GenerateAsync(context.Model, context.ExecutionContext, context.CancellationToken);
            await WriteTreeAsync(output, files, context.CancellationToken);
            context.Logger.LogInformation("Wrote {Count} files for k3s to {Output}", files.Count, output);
        }, requiredBy: WellKnownPipelineSteps.Publish);
        return builder;
    }

    /// <summary>
    /// Writes the files and removes generated YAML that is no longer generated. The operator's files (settings.env
    /// with the host name and image, secrets.env) are written only where missing, so regenerating keeps them.
    /// </summary>
    public static async Task WriteTreeAsync(string root, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(root);
        foreach (var stale in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories))
        {
            if (!files.ContainsKey(Path.GetRelativePath(root, stale).Replace('\\', '/')))
            {
                File.Delete(stale);
            }
        }
        foreach (var emptied in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
        {
            if (!Directory.EnumerateFileSystemEntries(emptied).Any())
            {
                Directory.Delete(emptied);
            }
        }
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, path);
            if (K3sManifests.OperatorFiles.Contains(path) && File.Exists(full))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, text, cancellationToken);
        }
    }
}
