using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Budget.Api.Auth;

/// <summary>
/// The session store in Redis, used when the AppHost (or the operator) gives the API a <c>cache</c> connection.
/// Keys: <c>budget:session:{id}</c> (user, end, revoked), <c>budget:refresh:{sha256}</c> (session, rotated) and
/// <c>budget:user:{id}:sessions</c>; every key expires with its session. The end of a session is checked against the
/// app's clock, not only Redis's, so both stores keep time alike. Rotation is one Lua script, so it is atomic.
/// <para>
/// If Redis is unreachable, refresh, logout and password changes fail closed (503, try again), while requests with
/// an access token keep working for the minutes that token has left, unless this process itself ended its session.
/// </para>
/// </summary>
public sealed class RedisSessionStore(
    IConnectionMultiplexer redis,
    IOptions<AuthOptions> options,
    TimeProvider clock,
    ILogger<RedisSessionStore> logger) : ISessionStore
{
    private const string SessionPrefix = "budget:session:";
    private const string RefreshPrefix = "budget:refresh:";

    // Returns {outcome, session id, user id}: outcome is unknown, ended, reused or rotated.
    private const string RotateScript = """
        local sid = redis.call('HGET', KEYS[1], 'sid')
        if not sid then return {'unknown'} end
        local session = ARGV[2] .. sid
        local s = redis.call('HMGET', session, 'user', 'ends', 'revoked')
        if not s[1] or s[3] == '1' or tonumber(s[2]) <= tonumber(ARGV[1]) then return {'ended'} end
        if redis.call('HGET', KEYS[1], 'rotated') == '1' then
          redis.call('HSET', session, 'revoked', '1')
          return {'reused', sid}
        end
        redis.call('HSET', KEYS[1], 'rotated', '1')
        redis.call('HSET', KEYS[2], 'sid', sid, 'rotated', '0')
        redis.call('PEXPIREAT', KEYS[2], s[2])
        return {'rotated', sid, s[1]}
        """;

    // Marks every session of a user ended but ARGV[1] (which may be empty); only sessions that still exist.
    private const string EndAllScript = """
        for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if sid ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. sid) == 1 then
            redis.call('HSET', ARGV[2] .. sid, 'revoked', '1')
          end
        end
        return 0
        """;

    /// <summary>Sessions this process ended, remembered so an outage of Redis cannot bring them back.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _endedHere = new();

    private IDatabase Db => redis.GetDatabase();

    public async Task<IssuedSession> StartAsync(long userId, CancellationToken cancellationToken)
    {
        var sessionId = RefreshTokens.NewSessionId();
        var token = RefreshTokens.NewToken();
        var ends = clock.GetUtcNow() + options.Value.SessionLifetime;
        var userSessions = UserSessionsKey(userId);
        await Guarded(async () =>
        {
            var batch = Db.CreateTransaction();
            _ = batch.HashSetAsync(SessionPrefix + sessionId, [new("user", userId), new("ends", ends.ToUnixTimeMilliseconds()), new("revoked", 0)]);
            _ = batch.KeyExpireAsync(SessionPrefix + sessionId, ends.UtcDateTime);
            _ = batch.HashSetAsync(RefreshKey(token), [new("sid", sessionId), new("rotated", 0)]);
            _ = batch.KeyExpireAsync(RefreshKey(token), ends.UtcDateTime);
            _ = batch.SetAddAsync(userSessions, sessionId);
            _ = batch.KeyExpireAsync(userSessions, ends.UtcDateTime);
            await batch.ExecuteAsync();
            return true;
        });
        return new IssuedSession(sessionId, token);
    }

    public async Task<RotatedSession?> RotateAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var successor = RefreshTokens.NewToken();
        var result = (RedisResult[])(await Guarded(() => Db.ScriptEvaluateAsync(
            RotateScript,
            [RefreshKey(refreshToken), RefreshKey(successor)],
            [clock.GetUtcNow().ToUnixTimeMilliseconds(), SessionPrefix])))!;
        switch ((string?)result[0])
        {
            case "rotated":
                return new RotatedSession(long.Parse((string)result[2]!, CultureInfo.InvariantCulture), (string)result[1]!, successor);
            case "reused":
                logger.LogWarning("A rotated refresh token was presented again; ending session {SessionId}", (string?)result[1]);
                AuthMetrics.RefreshReuseDetected.Add(1);
                Remember((string)result[1]!);
                return null;
            default:
                return null;
        }
    }

    public async Task<bool> IsActiveAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_endedHere.ContainsKey(sessionId))
        {
            return false;
        }
        try
        {
            var values = await Db.HashGetAsync(SessionPrefix + sessionId, ["ends", "revoked"]);
            return values[0].TryParse(out long ends) && ends > clock.GetUtcNow().ToUnixTimeMilliseconds() && values[1] != 1;
        }
        catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
        {
            // The access token was signed by us and has minutes left at most: let it finish its life.
            logger.LogWarning("Redis is unreachable; accepting the access token of session {SessionId} until it expires", sessionId);
            return true;
        }
    }

    public async Task EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        Remember(sessionId);
        await Guarded(() => Db.ScriptEvaluateAsync(
            "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'revoked', '1') end return 0",
            [SessionPrefix + sessionId]));
    }

    public async Task EndAllAsync(long userId, string? keepSessionId, CancellationToken cancellationToken)
    {
        await Guarded(() => Db.ScriptEvaluateAsync(EndAllScript, [UserSessionsKey(userId)], [keepSessionId ?? "", SessionPrefix]));
    }

    private void Remember(string sessionId)
    {
        var now = clock.GetUtcNow();
        _endedHere[sessionId] = now + options.Value.SessionLifetime;
        foreach (var (id, forgetAt) in _endedHere)
        {
            if (forgetAt <= now)
            {
                _endedHere.TryRemove(id, out _);
            }
        }
    }

    private async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
        {
            throw new SessionStoreUnavailableException(exception);
        }
    }

    private static RedisKey RefreshKey(string token) => RefreshPrefix + Convert.ToHexStringLower(RefreshTokens.Hash(token));

    private static RedisKey UserSessionsKey(long userId) => $"budget:user:{userId}:sessions";
}

/// <summary>The session store cannot be reached: the request is refused with 503 rather than guessed at.</summary>
public sealed class SessionStoreUnavailableException(Exception inner)
    : Exception("The session store is unreachable.", inner);
