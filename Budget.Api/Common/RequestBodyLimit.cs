using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Budget.Api.Common;

/// <summary>
/// Caps request bodies at <see cref="Limits.RequestBodyBytes"/> (Kestrel's default is 28 MB): a declared length over
/// it is refused at once, and a streamed body stops being read there. Routes that take files (bank imports, a backup)
/// raise their own limit with <see cref="WithRequestBodyLimit"/>.
/// </summary>
public static class RequestBodyLimit
{
    /// <summary>Lets one route take a larger body (a backup file) than <see cref="Limits.RequestBodyBytes"/>.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>The limit for a route (null: no route matched).</summary>
    public static long For(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Limits.RequestBodyBytes;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var bytes = For(context.GetEndpoint());
        if (context.Request.ContentLength > bytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
        await next(context);
    });

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
