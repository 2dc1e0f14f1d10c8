using Aspire.Hosting.ApplicationModel;

namespace Budget.AppHost;

/// <summary>
/// The web app's Vite dev server as a plain executable (Aspire.Hosting.JavaScript is not available to us). Vite
/// proxies <c>/api</c> to the API through the address Aspire injects (<c>services__api__http__0</c>), so the page
/// and the API share one origin, as they do in production where the API serves the built app.
/// </summary>
public static class WebDevServer
{
    public static IResourceBuilder<ExecutableResource>? AddWebDevServer(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "Budget.Web"));
        if (!File.Exists(Path.Combine(directory, "package.json")))
        {
            return null;
        }

        // Running Vite's own script starts seconds faster than `npm run dev`.
        var web = builder.AddExecutable(ResourceNames.Web, "node", directory, "node_modules/vite/bin/vite.js", "--host", "127.0.0.1", "--strictPort")
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/")
            .WithExternalHttpEndpoints()
            .WithReference(api)
            .WaitFor(api);
        var endpoint = web.GetEndpoint("http");
        web.WithArgs(context =>
        {
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
        });

        // A fresh clone has no node_modules: install them first, once.
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            var install = builder.AddExecutable($"{ResourceNames.Web}-install", "npm", directory, "ci", "--no-audit", "--no-fund");
            web.WaitForCompletion(install);
        }
        return web;
    }
}
