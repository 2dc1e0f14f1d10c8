using Microsoft.Net.Http.Headers;

namespace Budget.Api.Common;

/// <summary>
/// Serves the built web app (Budget.Web, published into wwwroot) from the API's own origin: hashed files under
/// /assets are cached for a year, everything else (index.html, the service worker, the manifest) is revalidated on
/// every load so a new release shows at once, and any other GET outside /api that no endpoint answers gets index.html for the client router.
/// Without a built app (development, API tests) nothing is added and Vite serves the pages instead.
/// </summary>
public static class WebApp
{
    private const string IndexFile = "index.html";

    public static WebApplication MapWebApp(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        var index = files.GetFileInfo(IndexFile);
        if (!index.Exists || index.PhysicalPath is null)
        {
            return app;
        }

        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });

        // A middleware, not a fallback endpoint: it acts only where routing found no endpoint at all, so every /api
        // answer (404, 405, 415) stays exactly what the API gives without the web app.
        var indexPath = index.PhysicalPath;
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (context.GetEndpoint() is not null || request.Path.StartsWithSegments("/api")
                || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
            {
                return next(context);
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : context.Response.SendFileAsync(indexPath);
        });
        return app;
    }
}
