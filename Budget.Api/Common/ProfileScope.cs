using System.Collections.Concurrent;
using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Common;

/// <summary>
/// Every route under <c>/api/profiles/{profileId}</c> first proves the caller is a member of the profile: anything
/// else is 404, exactly like an id that does not exist. A member whose role is below what the route takes
/// (<see cref="ProfileRoles.Required"/>) gets 403. The check reads the database on every request, so a removed
/// member is out at once, whatever tokens they still hold. Handlers below then scope each query to that profile id.
/// </summary>
public static class ProfileScope
{
    public const string ProfileIdRoute = "profileId";

    /// <summary>A group under <c>/api/profiles/{profileId}/segment</c> (or the profile itself when the segment is empty).</summary>
    public static RouteGroupBuilder MapProfileGroup(this IEndpointRouteBuilder app, string segment) =>
        app.MapGroup(segment.Length == 0 ? $"/api/profiles/{{{ProfileIdRoute}:long}}" : $"/api/profiles/{{{ProfileIdRoute}:long}}/{segment}")
            .RequireAuthorization()
            .AddEndpointFilter<ProfileMemberFilter>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>The caller's role in the profile and the currency its money is kept in, or null for a non-member (one indexed lookup).</summary>
    public static async Task<ProfileAccess?> AccessAsync(this BudgetDbContext db, long profileId, long userId, ILogger logger, CancellationToken cancellationToken)
    {
        var member = await db.ProfileMembers.AsNoTracking()
            .Where(m => m.ProfileId == profileId && m.UserId == userId)
            .Select(m => new { m.Role, OwnerId = m.Profile!.UserId, m.Profile.Currency, m.JoinedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return null;
        }
        if (!Currency.TryGet(member.Currency, out var currency))
        {
            // Budget stores only codes it knows, so the row was changed by hand (or by a newer version's restore):
            // the profile still opens, in the fallback Currency.Stored gives, but not without a trace. Once per profile
            // and code in this process, not on every request of every member: the log would be nothing else.
            currency = Currency.Stored(member.Currency);
            if (UnknownCurrenciesLogged.TryAdd((profileId, member.Currency), 0))
            {
                logger.LogWarning("Profile {ProfileId} has the unknown currency {StoredCurrency}; its money is read as {Fallback}.", profileId, member.Currency, currency.Code);
            }
        }
        return new ProfileAccess(profileId, ProfileRoles.Of(userId, member.OwnerId, member.Role), currency, member.JoinedAt);
    }

    /// <summary>The profiles (with the code they hold) whose unknown currency has been logged already.</summary>
    private static readonly ConcurrentDictionary<(long ProfileId, string Code), byte> UnknownCurrenciesLogged = new();

    private sealed class ProfileMemberFilter(BudgetDbContext db, ILogger<ProfileMemberFilter> logger) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var user = CurrentUser.From(http.User);
            if (user is null
                || !long.TryParse(http.GetRouteValue(ProfileIdRoute) as string, out var profileId)
                || await db.AccessAsync(profileId, user.Id, logger, http.RequestAborted) is not { } access)
            {
                return TypedResults.NotFound();
            }
            var required = ProfileRoles.Required(http.GetEndpoint(), http.Request.Method);
            if (access.Role < required)
            {
                return Problems.Forbidden($"This takes the {ProfileRoles.Name(required)} role in this profile; yours is {ProfileRoles.Name(access.Role)}.");
            }
            // The profile's money is kept in its own currency (its owner's at creation), whoever reads or writes it:
            // handlers convert with CurrentUser.Currency, so under this filter that is the profile's.
            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is CurrentUser caller)
                {
                    context.Arguments[i] = caller with { Currency = access.Currency };
                }
            }
            http.Features.Set(access);
            return await next(context);
        }
    }
}

/// <summary>What the profile filter found: the caller's role in the profile and the currency of its money.</summary>
/// <param name="JoinedAt">When the caller became a member (the owner: when the profile was made).</param>
public sealed record ProfileAccess(long ProfileId, ProfileRole Role, Currency Currency, DateTime JoinedAt)
{
    /// <summary>The access the profile filter established for this request (only under <see cref="ProfileScope.MapProfileGroup"/>).</summary>
    public static ProfileAccess Of(HttpContext http) =>
        http.Features.Get<ProfileAccess>() ?? throw new InvalidOperationException("ProfileAccess is only set under a profile group.");
}
