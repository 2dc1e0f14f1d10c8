extern alias AppHost;

using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using k8s.Models;
using YamlDotNet.RepresentationModel;
using K3sManifests = AppHost::Budget.AppHost.Deployment.K3sManifests;

namespace Budget.Tests.Deployment;

/// <summary>The committed <c>aspirate-output/</c> tree, read strictly, and the AppHost's publish step that writes it.</summary>
public static class ManifestTree
{
    public static readonly string RepositoryRoot = FindRepositoryRoot();
    public static readonly string Committed = Path.Combine(RepositoryRoot, "aspirate-output");

    /// <summary>Runs the AppHost as the README says (<c>--operation publish --step publish-k3s</c>) into <paramref name="output"/>.</summary>
    /// <param name="arguments">More AppHost arguments (configuration such as <c>--Parameters:time-zone=...</c>).</param>
    /// <param name="compose">Changes to the AppHost's composition before it is built, as an edit of AppHost.cs would make.</param>
    public static async Task PublishAsync(string output, CancellationToken cancellationToken, string[]? arguments = null, Action<IDistributedApplicationTestingBuilder>? compose = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.Budget_AppHost>(
            ["--operation", "publish", "--step", "publish-k3s", "--output-path", output, .. arguments ?? []],
            cancellationToken);
        compose?.Invoke(builder);
        var errors = new ErrorLog();
        builder.Services.AddSingleton<ILoggerProvider>(errors);
        await using var app = await builder.BuildAsync(cancellationToken);
        await app.RunAsync(cancellationToken);
        // A failed step is logged and ends the host quietly; here it is a failure.
        if (!errors.Messages.IsEmpty)
        {
            throw new InvalidOperationException("The publish step failed:\n" + string.Join("\n", errors.Messages));
        }
    }

    /// <summary>The errors the AppHost logs while publishing.</summary>
    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Messages.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Every file below <paramref name="root"/>, by relative path, except the operator's own secrets.</summary>
    public static SortedDictionary<string, string> Files(string root) => new(
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => path != $"{K3sManifests.Base}/{K3sManifests.SecretsFile}")
            .ToDictionary(path => path, path => File.ReadAllText(Path.Combine(root, path))),
        StringComparer.Ordinal);

    /// <summary>
    /// YAML documents, loaded strictly: YamlDotNet's stream refuses duplicate keys and malformed text, and each
    /// document must survive a round trip through KubernetesClient's models unchanged (which drops unknown fields).
    /// </summary>
    public static IReadOnlyList<IKubernetesObject> LoadStrictly(string yaml, string source)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var objects = new List<IKubernetesObject>();
        foreach (var document in stream.Documents)
        {
            var text = Serialize(document);
            var typed = KubernetesYaml.LoadAllFromString(text);
            Assert.True(typed.Count == 1, $"{source}: one document must hold one object, found {typed.Count}");
            var roundTripped = new YamlStream();
            roundTripped.Load(new StringReader(KubernetesYaml.Serialize(typed[0])));
            Assert.True(
                Canonical(document.RootNode) == Canonical(roundTripped.Documents[0].RootNode),
                $"{source}: fields the Kubernetes models do not know were dropped:\n{text}\n---\n{KubernetesYaml.Serialize(typed[0])}");
            objects.Add((IKubernetesObject)typed[0]);
        }
        return objects;
    }

    /// <summary>`kubectl kustomize` of a copy of the tree with the example secrets filled in, or null without kubectl.</summary>
    public static async Task<string?> RenderAsync(string overlay, CancellationToken cancellationToken)
    {
        var copy = Directory.CreateTempSubdirectory("budget-kustomize-").FullName;
        try
        {
            foreach (var (path, text) in Files(Committed))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, path))!);
                File.WriteAllText(Path.Combine(copy, path), text);
            }
            var secrets = Path.Combine(copy, K3sManifests.Base, K3sManifests.SecretsFile);
            File.Copy(secrets + ".example", secrets);
            ProcessStartInfo start = new("kubectl", ["kustomize", Path.Combine(copy, overlay)]) { RedirectStandardOutput = true, RedirectStandardError = true };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {await error}");
                return await output;
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    public static IEnumerable<V1Container> Containers(IKubernetesObject resource) => resource switch
    {
        V1Deployment deployment => deployment.Spec.Template.Spec.Containers,
        V1CronJob cronJob => cronJob.Spec.JobTemplate.Spec.Template.Spec.Containers,
        _ => [],
    };

    private static string Serialize(YamlDocument document)
    {
        var writer = new StringWriter();
        new YamlStream(document).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>A node as sorted text, so key order and quoting do not count as differences.</summary>
    private static string Canonical(YamlNode node) => node switch
    {
        YamlMappingNode map => "{" + string.Join(",", map.Children.Select(c => $"{Canonical(c.Key)}:{Canonical(c.Value)}").Order(StringComparer.Ordinal)) + "}",
        YamlSequenceNode list => "[" + string.Join(",", list.Children.Select(Canonical)) + "]",
        YamlScalarNode scalar => scalar.Value ?? "",
        _ => node.ToString(),
    };

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Budget.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The tests run outside the repository.");
    }
}
