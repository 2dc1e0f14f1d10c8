using System.Reflection;
using System.Security.Claims;

namespace Budget.Api.Common;

/// <summary>
/// The signed-in user, read from the validated access token: who they are, which session the token belongs to,
/// and the currency their amounts are in: the account's, or under /api/profiles/{profileId} the profile's (set by
/// <see cref="ProfileScope"/>, as a shared profile keeps its owner's currency). Handlers take it as a parameter.
/// </summary>
public sealed record CurrentUser(long Id, string SessionId, string TokenId, DateTimeOffset TokenExpiresAt, Currency Currency)
{
    public static class ClaimNames
    {
        public const string Subject = "sub";
        public const string Session = "sid";
        public const string TokenId = "jti";
        public const string Currency = "cur";
        public const string Expires = "exp";
    }

    public static ValueTask<CurrentUser?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(From(context.User));

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !long.TryParse(principal.FindFirstValue(ClaimNames.Subject), out var id)
            || principal.FindFirstValue(ClaimNames.Session) is not { Length: > 0 } session
            || principal.FindFirstValue(ClaimNames.TokenId) is not { Length: > 0 } tokenId
            || !long.TryParse(principal.FindFirstValue(ClaimNames.Expires), out var expires)
            || !Currency.TryGet(principal.FindFirstValue(ClaimNames.Currency), out var currency))
        {
            return null;
        }
        return new CurrentUser(id, session, tokenId, DateTimeOffset.FromUnixTimeSeconds(expires), currency);
    }
}
