using Microsoft.AspNetCore.Http.Features;

namespace Budget.Api.Common;

/// <summary>
/// Caps request bodies at <see cref="Limits.RequestBodyBytes"/> (Kestrel's default is 28 MB): a declared length over
/// it is refused at once, and a streamed body stops being read there.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > Limits.RequestBodyBytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = Limits.RequestBodyBytes;
        }
        await next(context);
    });
}
