using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Budget.Api.Common;

/// <summary>
/// Caps request bodies at <see cref="Limits.RequestBodyBytes"/> (Kestrel's default is 28 MB): a declared length over
/// it is refused at once, and a streamed body stops being read there. A route that takes files (bank imports) says
/// how much it takes with <see cref="IRequestSizeLimitMetadata"/>.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var maximum = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Limits.RequestBodyBytes;
        if (context.Request.ContentLength > maximum)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maximum;
        }
        await next(context);
    });
}
