using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Budget.Api.Common;

/// <summary>
/// Every error is RFC 7807 ProblemDetails: bodies that cannot be read become 400 with the field at fault (or 413,
/// 415), empty error responses (401, 404, 405) get a problem body, and nothing leaks a stack trace.
/// </summary>
public static partial class ErrorHandling
{
    public static IServiceCollection AddBudgetErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Minimal APIs then throw on unreadable bodies instead of answering an empty 400, so the handler can explain.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseBudgetErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>"$.metadata.color" becomes "metadata.color"; the body as a whole is "$".</summary>
    internal static string FieldName(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    /// <summary>Names each field at fault and says what it should be, from the type the endpoint reads.</summary>
    internal static Dictionary<string, string[]> Describe(JsonException exception, Type? requestType, JsonSerializerOptions options)
    {
        var message = exception.Message;
        if (MissingProperties().Match(message) is { Success: true } missing)
        {
            return Quoted().Matches(missing.Groups[1].Value)
                .Select(m => m.Groups[1].Value)
                .Distinct()
                .ToDictionary(name => name, _ => new[] { "Required." });
        }
        // The serializer wraps the reader's own exception when the text is not JSON at all; say where it broke.
        if (exception.InnerException is JsonException syntax)
        {
            return new Dictionary<string, string[]> { ["$"] = [$"The body is not valid JSON: {syntax.Message}"] };
        }
        var field = FieldName(exception.Path);
        var description =
            field == "$" ? "The body must be a JSON object."
            : message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field: this request does not take it."
            : message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) ? "Given more than once."
            : message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "Must not be null."
            : Expected(PropertyType(requestType, field, options));
        return new Dictionary<string, string[]> { [field] = [description] };
    }

    private static Type? PropertyType(Type? requestType, string field, JsonSerializerOptions options)
    {
        if (requestType is null || !options.TryGetTypeInfo(requestType, out var typeInfo))
        {
            return null;
        }
        var name = field.Split('.', '[')[0];
        return typeInfo.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType;
    }

    private static string Expected(Type? type) => (type is null ? null : Nullable.GetUnderlyingType(type) ?? type) switch
    {
        { } t when t == typeof(decimal) => $"Must be a number, not in quotes, between -{Money.MaxMajorUnits:0} and {Money.MaxMajorUnits:0}.",
        { } t when t == typeof(long) || t == typeof(int) => "Must be a whole number, not in quotes.",
        { } t when t == typeof(DateOnly) => "Must be a date as YYYY-MM-DD.",
        { } t when t == typeof(string) => "Must be text.",
        { } t when t == typeof(bool) => "Must be true or false.",
        { IsEnum: true } t => $"Must be one of: {string.Join(", ", Enum.GetNames(t).Select(JsonNamingPolicy.CamelCase.ConvertName))}.",
        _ => "Invalid value.",
    };

    [GeneratedRegex("missing required properties including: (.*)$", RegexOptions.Singleline)]
    private static partial Regex MissingProperties();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();

    private sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
    {
        /// <summary>A failure worth retrying: its status, a Retry-After in seconds, and what happened.</summary>
        private async ValueTask<bool> RetryLaterAsync(HttpContext context, Exception exception, int status, int retryAfterSeconds, string detail)
        {
            context.Response.StatusCode = status;
            Problems.SetRetryAfter(context.Response, TimeSpan.FromSeconds(retryAfterSeconds));
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = status, Detail = detail },
                Exception = exception,
            });
        }

        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is Auth.SessionStoreUnavailableException)
            {
                return await RetryLaterAsync(context, exception, StatusCodes.Status503ServiceUnavailable, 5, "Sessions cannot be checked right now. Try again in a moment.");
            }
            if (exception.GetBaseException() is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED })
            {
                // Another writer held the database past the busy timeout (a large restore or import): nothing was
                // saved, and the disk is fine, so the health check is left alone.
                return await RetryLaterAsync(context, exception, StatusCodes.Status503ServiceUnavailable, 10,
                    "The database is busy with a large restore or import, so nothing was saved. Try again in a moment.");
            }
            if (Data.StorageHealth.IsStorageFailure(exception, out var full))
            {
                // Nothing was written (SQLite rolled the transaction back): say so, and that it is worth retrying later.
                context.RequestServices.GetRequiredService<Data.StorageHealth>().Report(full);
                return full
                    ? await RetryLaterAsync(context, exception, StatusCodes.Status507InsufficientStorage, 60, "The server's disk is full, so nothing was saved. Reading still works.")
                    : await RetryLaterAsync(context, exception, StatusCodes.Status503ServiceUnavailable, 60, "The database cannot be written right now, so nothing was saved. Reading still works.");
            }
            if (exception is not BadHttpRequestException badRequest)
            {
                return false;
            }

            // The handler runs with the endpoint cleared; the feature keeps the one that failed.
            var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var jsonOptions = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            ProblemDetails problem = badRequest.InnerException is JsonException json
                ? new HttpValidationProblemDetails(Describe(json, requestType, jsonOptions)) { Detail = "The request body has fields at fault." }
                : new ProblemDetails
                {
                    Detail = badRequest.StatusCode switch
                    {
                        StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {RequestBodyLimit.For(endpoint) / 1024} KiB, the most this server takes here.",
                        StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with Content-Type: application/json.",
                        _ => "The request could not be read.",
                    },
                };
            problem.Status = badRequest.StatusCode;
            context.Response.StatusCode = badRequest.StatusCode;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
        }
    }
}
