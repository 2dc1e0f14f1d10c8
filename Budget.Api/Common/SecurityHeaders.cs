namespace Budget.Api.Common;

/// <summary>
/// Headers every response carries (API, web app and errors alike): no sniffing, no framing, no referrers, a strict
/// content policy for the web app, HSTS for browsers that reached us over HTTPS, and no caching of API answers,
/// which hold a family's finances.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            // Ignored by browsers over plain HTTP; behind the TLS ingress it pins the household to HTTPS.
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
                // CORS answers differ by Origin, even with a single allowed origin (where the middleware omits it).
                if (!headers.Vary.Contains("Origin"))
                {
                    headers.Append("Vary", "Origin");
                }
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
