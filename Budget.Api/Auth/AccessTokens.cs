using System.Security.Claims;
using Budget.Api.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Budget.Api.Auth;

/// <summary>Issues the short-lived JWT access tokens and says exactly how they are checked (RFC 8725).</summary>
public sealed class AccessTokens(SigningKey signingKey, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>RFC 9068's type: a token of another kind (an ID token, say) cannot pass as an access token.</summary>
    public const string TokenType = "at+jwt";

    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(User user, string sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.AccessTokenLifetime,
            TokenType = TokenType,
            SigningCredentials = new SigningCredentials(signingKey.Key, SigningKey.Algorithm),
            Claims = new Dictionary<string, object>
            {
                [CurrentUser.ClaimNames.Subject] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [CurrentUser.ClaimNames.Session] = sessionId,
                [CurrentUser.ClaimNames.TokenId] = Guid.NewGuid().ToString("N"),
                [CurrentUser.ClaimNames.Currency] = user.Currency,
            },
        });
    }

    public int LifetimeSeconds => (int)options.Value.AccessTokenLifetime.TotalSeconds;

    public static TokenValidationParameters ValidationParameters(SigningKey signingKey, AuthOptions options, TimeProvider clock) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = signingKey.Key,
        ValidAlgorithms = [SigningKey.Algorithm],
        ValidTypes = [TokenType],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        // The issuer and the validator are one process on one clock: no skew to allow for.
        ClockSkew = TimeSpan.Zero,
        // The app's clock rather than the library's DateTime.UtcNow, so tests can move time for tokens too.
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return expires is { } end && now < end && (notBefore is not { } start || start <= now);
        },
        NameClaimType = CurrentUser.ClaimNames.Subject,
    };
}

/// <summary>Wires JWT bearer validation to the signing key and to the session store (a revoked session's tokens stop at once).</summary>
internal sealed class ConfigureJwtBearer(SigningKey signingKey, IOptions<AuthOptions> options, TimeProvider clock) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions jwt)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = AccessTokens.ValidationParameters(signingKey, options.Value, clock);
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var sessionId = context.Principal?.FindFirstValue(CurrentUser.ClaimNames.Session);
                var sessions = context.HttpContext.RequestServices.GetRequiredService<ISessionStore>();
                var aborted = context.HttpContext.RequestAborted;
                try
                {
                    if (CurrentUser.From(context.Principal!) is null || sessionId is null || !await sessions.IsActiveAsync(sessionId, aborted))
                    {
                        context.Fail("The session has ended.");
                    }
                }
                catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                {
                    // The client went away (a phone losing signal): nothing to answer, and nothing the operator must see as an error.
                    context.Fail("The request was aborted.");
                }
            },
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
