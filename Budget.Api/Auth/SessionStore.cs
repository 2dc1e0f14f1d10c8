using System.Security.Cryptography;
using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Budget.Api.Auth;

public readonly record struct IssuedSession(string SessionId, string RefreshToken);

public readonly record struct RotatedSession(long UserId, string SessionId, string RefreshToken);

/// <summary>
/// Sign-in sessions and their refresh tokens (RFC 9700): tokens are random, stored only as hashes, and rotated on
/// every use; presenting a token that was already rotated ends the whole session, because someone copied it.
/// Two implementations behave alike (one test suite runs against both): SQLite, the default, and Redis.
/// </summary>
public interface ISessionStore
{
    Task<IssuedSession> StartAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Exchanges a refresh token for its successor, or returns null (unknown, expired, revoked or reused).</summary>
    Task<RotatedSession?> RotateAsync(string refreshToken, CancellationToken cancellationToken);

    Task<bool> IsActiveAsync(string sessionId, CancellationToken cancellationToken);

    Task EndAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends every session of the user but <paramref name="keepSessionId"/>.</summary>
    Task EndAllAsync(long userId, string? keepSessionId, CancellationToken cancellationToken);
}

public static class RefreshTokens
{
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    public static string NewSessionId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string Base64Url(byte[] bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);
}

/// <summary>The session store in the SQLite database: the default, and the one used when no Redis is configured.</summary>
public sealed class SqliteSessionStore(
    BudgetDbContext db,
    IOptions<AuthOptions> options,
    TimeProvider clock,
    ILogger<SqliteSessionStore> logger) : ISessionStore
{
    public async Task<IssuedSession> StartAsync(long userId, CancellationToken cancellationToken)
    {
        var now = Now;
        var session = new Session
        {
            Id = RefreshTokens.NewSessionId(),
            UserId = userId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.SessionLifetime,
        };
        var token = RefreshTokens.NewToken();
        session.RefreshTokens.Add(new RefreshToken { SessionId = session.Id, TokenHash = RefreshTokens.Hash(token), CreatedAt = now });
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);

        // Sessions past their end are of no use to anyone; sweep them while we are writing anyway.
        await db.Sessions.Where(s => s.UserId == userId && s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        return new IssuedSession(session.Id, token);
    }

    public async Task<RotatedSession?> RotateAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var hash = RefreshTokens.Hash(refreshToken);
        var now = Now;
        var found = await db.RefreshTokens
            .Where(t => t.TokenHash == hash)
            .Join(db.Sessions, t => t.SessionId, s => s.Id, (t, s) => new { t.Id, t.RotatedAt, s.UserId, SessionId = s.Id, s.ExpiresAt, s.RevokedAt })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);

        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now)
        {
            return null;
        }
        if (found.RotatedAt is not null)
        {
            await ReuseDetectedAsync(found.SessionId, cancellationToken);
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only one of two simultaneous refreshes with the same token can claim it. The other presented a token that
        // is rotated by the time it counts: that is reuse, as in the Redis store, where the check is one atomic step.
        var claimed = await db.RefreshTokens
            .Where(t => t.Id == found.Id && t.RotatedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RotatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            await ReuseDetectedAsync(found.SessionId, cancellationToken);
            return null;
        }
        var successor = RefreshTokens.NewToken();
        db.RefreshTokens.Add(new RefreshToken { SessionId = found.SessionId, TokenHash = RefreshTokens.Hash(successor), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RotatedSession(found.UserId, found.SessionId, successor);
    }

    private async Task ReuseDetectedAsync(string sessionId, CancellationToken cancellationToken)
    {
        logger.LogWarning("A rotated refresh token was presented again; ending session {SessionId}", sessionId);
        AuthMetrics.RefreshReuseDetected.Add(1);
        await EndAsync(sessionId, cancellationToken);
    }

    public Task<bool> IsActiveAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.Sessions.AnyAsync(s => s.Id == sessionId && s.RevokedAt == null && s.ExpiresAt > now, cancellationToken);
    }

    public Task EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.Sessions
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    public Task EndAllAsync(long userId, string? keepSessionId, CancellationToken cancellationToken)
    {
        var now = Now;
        return db.Sessions
            .Where(s => s.UserId == userId && s.Id != keepSessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
