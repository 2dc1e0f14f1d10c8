using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Common;

/// <summary>
/// Every route under <c>/api/profiles/{profileId}</c> first proves the profile is the caller's; anything else is 404,
/// exactly like an id that does not exist. Handlers below then scope each query to that profile id.
/// </summary>
public static class ProfileScope
{
    public const string ProfileIdRoute = "profileId";

    public static RouteGroupBuilder MapProfileGroup(this IEndpointRouteBuilder app, string segment) =>
        app.MapGroup($"/api/profiles/{{{ProfileIdRoute}:long}}/{segment}")
            .RequireAuthorization()
            .AddEndpointFilter<OwnedProfileFilter>();

    /// <summary>The caller owns the profile (one indexed lookup).</summary>
    public static Task<bool> IsOwnedByAsync(this BudgetDbContext db, long profileId, long userId, CancellationToken cancellationToken) =>
        db.Profiles.AnyAsync(p => p.Id == profileId && p.UserId == userId, cancellationToken);

    private sealed class OwnedProfileFilter(BudgetDbContext db) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var user = CurrentUser.From(http.User);
            if (user is null
                || !long.TryParse(http.GetRouteValue(ProfileIdRoute) as string, out var profileId)
                || !await db.IsOwnedByAsync(profileId, user.Id, http.RequestAborted))
            {
                return TypedResults.NotFound();
            }
            return await next(context);
        }
    }
}
