using Microsoft.AspNetCore.Http.HttpResults;

namespace Budget.Api.Common;

/// <summary>The RFC 7807 answers handlers give besides validation problems (those come from <see cref="Validator"/>).</summary>
public static class Problems
{
    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);

    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        SetRetryAfter(context.Response, retryAfter);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Sets Retry-After in whole seconds, rounded up so a client that waits that long is not turned away again.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A rule that needs the stored data (a limit, a loop in the map), reported on the field at fault.</summary>
    public static ValidationProblem Invalid(string field, string detail) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [detail] });
}
