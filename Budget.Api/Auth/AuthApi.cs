using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Budget.Api.Auth;

public static class AuthApi
{
    private const string WrongCredentials = "The email or password is incorrect.";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        group.MapPost("/register", Register).RequireRateLimiting(RateLimits.SignInPolicy);
        group.MapPost("/login", Login).RequireRateLimiting(RateLimits.SignInPolicy);
        group.MapPost("/refresh", Refresh);
        group.MapDelete("/logout", Logout).RequireAuthorization();
        group.MapGet("/me", Me).RequireAuthorization();
        group.MapPut("/password", ChangePassword).RequireAuthorization().RequireRateLimiting(RateLimits.SignInPolicy);
        group.MapDelete("/me", DeleteAccount).RequireAuthorization().RequireRateLimiting(RateLimits.SignInPolicy);
        return group;
    }

    /// <summary>Creates the account and its own profile, and signs in.</summary>
    private static async Task<Results<Created<TokenResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, HttpContext http, BudgetDbContext db, Passwords passwords, ISessionStore sessions, AccessTokens tokens,
        IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validator = new Validator(Currency.Usd);
        var email = Emails.Normalize(request.Email);
        if (!Emails.IsValid(email))
        {
            validator.Error("email", "Must be an email address.");
        }
        if (Passwords.Weakness(request.Password, email) is { } weakness)
        {
            validator.Error("password", weakness);
        }
        if (!Currency.TryGet(request.Currency ?? options.Value.DefaultCurrency, out var currency))
        {
            validator.Error("currency", "Must be an ISO 4217 currency code, such as USD or EUR.");
        }
        var profileName = validator.OptionalText("name", request.Name, Limits.NameLength) ?? email.Split('@')[0];
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
        {
            return Problems.Conflict("An account with this email already exists.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User { Email = email, PasswordHash = passwords.Hash(request.Password), Currency = currency.Code, CreatedAt = now, UpdatedAt = now };
        user.Profiles.Add(Profile.CreateFor(user, profileName[..Math.Min(profileName.Length, Limits.NameLength)], AvatarColors.ForIndex(0), isOwner: true, now));
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // Two sign-ups with one email at once: the unique index let one through.
            return Problems.Conflict("An account with this email already exists.");
        }
        return TypedResults.Created("/api/auth/me", await SignIn(http, user, sessions, tokens, options.Value, cancellationToken));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext http, BudgetDbContext db, Passwords passwords, LoginThrottle throttle,
        ISessionStore sessions, AccessTokens tokens, IOptions<AuthOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var email = Emails.Normalize(request.Email);
        if (throttle.RetryAfter(email) is { } wait)
        {
            AuthMetrics.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "throttled"));
            return Problems.TooManyRequests(http, wait, "Too many failed sign-ins to this account. Try again later.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, cancellationToken);
        // An unknown email is checked against a decoy hash, so both mistakes take as long and answer alike.
        if (!passwords.Verify(request.Password, user?.PasswordHash) || user is null)
        {
            throttle.RecordFailure(email);
            AuthMetrics.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            return Problems.Unauthorized(WrongCredentials);
        }

        throttle.Reset(email);
        if (BCrypt.Net.BCrypt.PasswordNeedsRehash(user.PasswordHash, options.Value.BcryptWorkFactor))
        {
            user.PasswordHash = passwords.Hash(request.Password);
            await db.SaveChangesAsync(cancellationToken);
        }
        AuthMetrics.Logins.Add(1, new KeyValuePair<string, object?>("outcome", "succeeded"));
        loggers.CreateLogger(nameof(AuthApi)).LogInformation("User {UserId} signed in", user.Id);
        return TypedResults.Ok(await SignIn(http, user, sessions, tokens, options.Value, cancellationToken));
    }

    /// <summary>Exchanges a refresh token for a new pair; the old refresh token stops working.</summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest? request, HttpContext http, BudgetDbContext db, ISessionStore sessions, AccessTokens tokens,
        IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var presented = request?.RefreshToken ?? RefreshCookie.Read(http);
        var rotated = string.IsNullOrEmpty(presented) ? null : await sessions.RotateAsync(presented, cancellationToken);
        var user = rotated is { } r ? await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == r.UserId, cancellationToken) : null;
        AuthMetrics.Refreshes.Add(1, new KeyValuePair<string, object?>("outcome", user is null ? "refused" : "rotated"));
        if (user is null || rotated is null)
        {
            RefreshCookie.Clear(http);
            return Problems.Unauthorized("The session has ended. Sign in again.");
        }
        var pair = new TokenResponse(tokens.Issue(user, rotated.Value.SessionId), rotated.Value.RefreshToken, "Bearer", tokens.LifetimeSeconds);
        return TypedResults.Ok(RefreshCookie.Deliver(http, pair, options.Value.SessionLifetime));
    }

    /// <summary>Ends this session: its refresh token and the access token used here stop working at once.</summary>
    private static async Task<NoContent> Logout(CurrentUser user, HttpContext http, ISessionStore sessions, CancellationToken cancellationToken)
    {
        await sessions.EndAsync(user.SessionId, cancellationToken);
        RefreshCookie.Clear(http);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MeResponse>, NotFound>> Me(CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var me = await db.Users.AsNoTracking()
            .Where(u => u.Id == user.Id)
            .Select(u => new { u.Id, u.Email, u.Currency, u.CreatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (me is null || !Currency.TryGet(me.Currency, out var currency))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(new MeResponse(me.Id, me.Email, currency.Code, currency.Exponent, me.CreatedAt));
    }

    /// <summary>Needs the current password; every other session of the account ends.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, CurrentUser user, HttpContext http, BudgetDbContext db, Passwords passwords,
        LoginThrottle throttle, ISessionStore sessions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(u => u.Id == user.Id, cancellationToken);
        if (throttle.RetryAfter(account.Email) is { } wait)
        {
            return Problems.TooManyRequests(http, wait, "Too many wrong passwords for this account. Try again later.");
        }
        var validator = new Validator(user.Currency);
        if (!passwords.Verify(request.CurrentPassword, account.PasswordHash))
        {
            throttle.RecordFailure(account.Email);
            validator.Error("currentPassword", "Incorrect.");
        }
        else if (Passwords.Weakness(request.NewPassword, account.Email) is { } weakness)
        {
            validator.Error("newPassword", weakness);
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        // Other sessions end first: if that fails, the password stays as it was and the user can simply retry.
        await sessions.EndAllAsync(user.Id, keepSessionId: user.SessionId, cancellationToken);
        account.PasswordHash = passwords.Hash(request.NewPassword);
        account.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Deletes the account and everything in it, after the password is confirmed.</summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAccount(
        DeleteAccountRequest request, CurrentUser user, HttpContext http, BudgetDbContext db, Passwords passwords,
        LoginThrottle throttle, ISessionStore sessions, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id, cancellationToken);
        if (throttle.RetryAfter(account.Email) is { } wait)
        {
            return Problems.TooManyRequests(http, wait, "Too many wrong passwords for this account. Try again later.");
        }
        if (!passwords.Verify(request.Password, account.PasswordHash))
        {
            throttle.RecordFailure(account.Email);
            var validator = new Validator(user.Currency);
            validator.Error("password", "Incorrect.");
            return validator.Problem();
        }
        await sessions.EndAllAsync(user.Id, keepSessionId: null, cancellationToken);
        // Profiles, their money data and the sessions go with the user (database cascades).
        await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<TokenResponse> SignIn(
        HttpContext http, User user, ISessionStore sessions, AccessTokens tokens, AuthOptions options, CancellationToken cancellationToken)
    {
        var session = await sessions.StartAsync(user.Id, cancellationToken);
        var pair = new TokenResponse(tokens.Issue(user, session.SessionId), session.RefreshToken, "Bearer", tokens.LifetimeSeconds);
        return RefreshCookie.Deliver(http, pair, options.SessionLifetime);
    }
}
