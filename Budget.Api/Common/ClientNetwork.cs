using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Budget.Api.Common;

/// <summary>Configuration section <c>Network</c>: who the clients are and how often they may call.</summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>
    /// Addresses or CIDR ranges of the reverse proxies (the k3s ingress) whose X-Forwarded-For is believed. Empty:
    /// the header is ignored and the socket's address is the client's.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Requests per minute from one client address (the seed's 100).</summary>
    public int PermitsPerMinute { get; set; } = 100;

    /// <summary>Sign-ups, sign-ins and password checks per minute from one client address.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    /// <summary>
    /// Other origins whose pages may call the API from a browser (CORS). Empty, the default: only the web app that
    /// the API serves itself, from its own origin.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}

public static class RateLimits
{
    public const string SignInPolicy = "sign-in";
    private const string RefreshCookieHeader = Auth.RefreshCookie.RequestHeader;

    public static IServiceCollection AddClientNetwork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NetworkOptions>().Bind(configuration.GetSection(NetworkOptions.Section));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((forwarded, network) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = 1;
            // Only the configured proxies: the defaults would trust anything on loopback.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in network.Value.TrustedProxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var range))
                {
                    forwarded.KnownIPNetworks.Add(range);
                }
                else if (IPAddress.TryParse(proxy, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException($"Network:TrustedProxies has '{proxy}', which is neither an address nor a CIDR range.");
                }
            }
        });

        // Named origins only, so never "*" with credentials; the middleware adds Vary: Origin.
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<NetworkOptions>>((cors, network) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins(network.Value.AllowedOrigins)
                .WithHeaders("Authorization", "Content-Type", RefreshCookieHeader)
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .WithExposedHeaders("X-Total-Count", "Retry-After", "Location")
                .AllowCredentials()));

        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                PerMinute(ClientAddress(context), Options(context).PermitsPerMinute));
            limiter.AddPolicy(SignInPolicy, context => PerMinute(ClientAddress(context), Options(context).SignInPermitsPerMinute));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    Problems.SetRetryAfter(http.Response, retryAfter);
                }
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Detail = "Too many requests. Wait a moment and try again." },
                });
            };
        });
        return services;
    }

    private static NetworkOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<NetworkOptions>>().Value;

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> PerMinute(string client, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
