using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using k8s.Models;

namespace Budget.AppHost.Deployment;

/// <summary>A container variable as k3s gets it, with the resources and parameters its value refers to.</summary>
public sealed record K3sVariable(V1EnvVar Variable, IReadOnlySet<IResource> Uses);

/// <summary>
/// A resource's environment variables and arguments exactly as the AppHost composes them for publishing (its
/// environment and argument callbacks, evaluated in publish mode), written the way k3s needs them: a secret
/// parameter becomes a reference to the Secret, an endpoint the Service's DNS name and port, a connection string
/// its expression. A value of a kind not handled here stops publishing rather than being guessed.
/// </summary>
public static class K3sEnvironment
{
    /// <summary>What a project listens on in its container when its endpoint names no port (ASP.NET's container default).</summary>
    public const int DefaultHttpPort = 8080;

    public static async Task<IReadOnlyList<K3sVariable>> EvaluateAsync(IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, object>();
        if (resource.TryGetEnvironmentVariables(out var callbacks))
        {
            var context = new EnvironmentCallbackContext(executionContext, resource, values, cancellationToken);
            foreach (var callback in callbacks)
            {
                await callback.Callback(context);
            }
        }

        var variables = new List<K3sVariable>();
        foreach (var (name, value) in values)
        {
            var uses = new HashSet<IResource>();
            if (SecretIn(value) is { } wholeSecret)
            {
                uses.Add(wholeSecret);
                Add(variables, new K3sVariable(new V1EnvVar { Name = name, ValueFrom = SecretValue(wholeSecret.Name) }, uses));
                continue;
            }
            var secrets = new List<ParameterResource>();
            var text = await TextAsync(value, name, uses, secrets, cancellationToken);
            // The kubelet expands $(NAME) only from variables defined earlier: each secret the value mentions comes first.
            foreach (var secret in secrets)
            {
                Add(variables, new K3sVariable(new V1EnvVar { Name = VariableFor(secret), ValueFrom = SecretValue(secret.Name) }, uses));
            }
            Add(variables, new K3sVariable(new V1EnvVar { Name = name, Value = text }, uses));
        }
        return variables;
    }

    /// <summary>The resource's arguments in publish mode, with secrets as <c>$(NAME)</c> of variables already in <paramref name="environment"/>.</summary>
    public static async Task<IReadOnlyList<string>> ArgumentsAsync(IResource resource, IReadOnlyList<K3sVariable> environment, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var values = new List<object>();
        if (resource.TryGetAnnotationsOfType<CommandLineArgsCallbackAnnotation>(out var callbacks))
        {
            var context = new CommandLineArgsCallbackContext(values, resource, cancellationToken) { ExecutionContext = executionContext };
            foreach (var callback in callbacks)
            {
                await callback.Callback(context);
            }
        }
        var arguments = new List<string>();
        foreach (var value in values)
        {
            var secrets = new List<ParameterResource>();
            arguments.Add(await TextAsync(value, $"{resource.Name}'s arguments", [], secrets, cancellationToken));
            var missing = secrets.Select(VariableFor).Where(variable => environment.All(v => v.Variable.Name != variable)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"{resource.Name}'s arguments use secrets its environment does not hold: {string.Join(", ", missing)}.");
            }
        }
        return arguments;
    }

    /// <summary>The container port and the Service port of one of a resource's endpoints.</summary>
    public static (int Container, int Service) Ports(EndpointAnnotation endpoint)
    {
        var container = endpoint.TargetPort ?? DefaultHttpPort;
        return (container, endpoint.UriScheme == "http" ? 80 : container);
    }

    public static V1EnvVarSource SecretValue(string key) => new() { SecretKeyRef = new V1SecretKeySelector { Name = K3sManifests.SecretsName, Key = key } };

    /// <summary>A value that is one secret parameter and nothing else.</summary>
    private static ParameterResource? SecretIn(object value) => value switch
    {
        ParameterResource { Secret: true } parameter => parameter,
        ReferenceExpression { IsConditional: false, Format: "{0}", ValueProviders: [var only] } => SecretIn(only),
        _ => null,
    };

    private static async ValueTask<string> TextAsync(object value, string variable, HashSet<IResource> uses, List<ParameterResource> secrets, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case string text:
                // A literal $(...) must reach the app as written, not be expanded by the kubelet.
                return text.Replace("$(", "$$(", StringComparison.Ordinal);
            case ParameterResource { Secret: true } secret:
                uses.Add(secret);
                if (!secrets.Contains(secret))
                {
                    secrets.Add(secret);
                }
                return $"$({VariableFor(secret)})";
            case ParameterResource parameter:
                uses.Add(parameter);
                return (await parameter.GetValueAsync(cancellationToken) ?? "").Replace("$(", "$$(", StringComparison.Ordinal);
            case ConnectionStringReference reference:
                uses.Add(reference.Resource);
                return await TextAsync(reference.Resource.ConnectionStringExpression, variable, uses, secrets, cancellationToken);
            case IResourceWithConnectionString resource:
                uses.Add(resource);
                return await TextAsync(resource.ConnectionStringExpression, variable, uses, secrets, cancellationToken);
            case EndpointReference endpoint:
                uses.Add(endpoint.Resource);
                return Endpoint(endpoint, EndpointProperty.Url);
            case EndpointReferenceExpression expression:
                uses.Add(expression.Endpoint.Resource);
                return Endpoint(expression.Endpoint, expression.Property);
            case ReferenceExpression { IsConditional: false } expression:
                var parts = new object[expression.ValueProviders.Count];
                for (var i = 0; i < parts.Length; i++)
                {
                    parts[i] = await TextAsync(expression.ValueProviders[i], variable, uses, secrets, cancellationToken);
                }
                // Format specifiers (URI-encoding) are left out: the kubelet's $(NAME) cannot be encoded, which is why
                // the secrets are hex digits (secrets.env.example).
                return string.Format(CultureInfo.InvariantCulture, expression.Format, parts);
            case ReferenceExpression { IsConditional: true } conditional:
                // Decided here, by the condition's value in the cluster (e.g. whether the cache's endpoint uses TLS).
                var condition = await TextAsync(conditional.Condition!, variable, uses, secrets, cancellationToken);
                var chosen = string.Equals(condition, conditional.MatchValue, StringComparison.OrdinalIgnoreCase) ? conditional.WhenTrue : conditional.WhenFalse;
                return await TextAsync(chosen!, variable, uses, secrets, cancellationToken);
            default:
                throw new InvalidOperationException($"{variable}: the k3s manifests cannot express a {value.GetType().Name} ({value}); map it in {nameof(K3sEnvironment)}.");
        }
    }

    /// <summary>An endpoint as seen from another pod: the Service named after the resource, in the same namespace.</summary>
    private static string Endpoint(EndpointReference reference, EndpointProperty property)
    {
        var endpoint = reference.Resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == reference.EndpointName);
        var (container, service) = Ports(endpoint);
        var host = reference.Resource.Name;
        return property switch
        {
            EndpointProperty.Url => $"{endpoint.UriScheme}://{host}:{service}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => host,
            EndpointProperty.Port => service.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.TargetPort => container.ToString(CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => endpoint.UriScheme,
            EndpointProperty.HostAndPort => $"{host}:{service}",
            EndpointProperty.TlsEnabled => endpoint.TlsEnabled ? bool.TrueString : bool.FalseString,
            _ => throw new InvalidOperationException($"The k3s manifests cannot express {reference.Resource.Name}'s {property}."),
        };
    }

    /// <summary>The variable a secret is expanded from: the parameter's name in capitals (cache-password → CACHE_PASSWORD).</summary>
    private static string VariableFor(ParameterResource secret) => secret.Name.ToUpperInvariant().Replace('-', '_');

    /// <summary>Adds a variable once; the model defining one name twice with different values is an error, not a choice.</summary>
    private static void Add(List<K3sVariable> variables, K3sVariable variable)
    {
        var existing = variables.FindIndex(v => v.Variable.Name == variable.Variable.Name);
        if (existing < 0)
        {
            variables.Add(variable);
        }
        else if (!SameValue(variables[existing].Variable, variable.Variable))
        {
            throw new InvalidOperationException($"{variable.Variable.Name} would have two values in the k3s manifests.");
        }
    }

    private static bool SameValue(V1EnvVar a, V1EnvVar b) =>
        a.Value == b.Value && a.ValueFrom?.SecretKeyRef?.Key == b.ValueFrom?.SecretKeyRef?.Key;
}
