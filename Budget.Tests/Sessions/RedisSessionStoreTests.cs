using Budget.Api.Auth;
using Budget.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Budget.Tests.Sessions;

public sealed class RedisSessionStoreTests(RedisServer redis) : SessionStoreContract, IClassFixture<RedisServer>
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private RedisSessionStore? _store;
    private static long _nextUser = 1;

    protected override FakeTimeProvider Clock => _clock;

    protected override Task<T> UseStoreAsync<T>(Func<ISessionStore, Task<T>> operation) => operation(Store);

    private RedisSessionStore Store => _store ??=
        new RedisSessionStore(redis.Connection, Options.Create(new AuthOptions()), _clock, NullLogger<RedisSessionStore>.Instance);

    protected override Task<long> NewUserAsync() => Task.FromResult(Interlocked.Increment(ref _nextUser));

    protected override async Task<bool> StoreContainsAsync(string text)
    {
        var db = redis.Connection.GetDatabase();
        await foreach (var key in redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]).KeysAsync(pattern: "budget:*"))
        {
            if (key.ToString().Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
            if (await db.KeyTypeAsync(key) == RedisType.Hash
                && (await db.HashGetAllAsync(key)).Any(entry => entry.Value.ToString().Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public async Task A_restart_of_a_redis_that_keeps_nothing_signs_everyone_out_and_the_store_reconnects()
    {
        var session = await Store.StartAsync(await NewUserAsync(), Ct);

        await redis.StopAsync();
        await redis.StartAsync();
        await WaitUntilConnectedAsync();

        Assert.False(await Store.IsActiveAsync(session.SessionId, Ct));
        Assert.Null(await Store.RotateAsync(session.RefreshToken, Ct));
        var fresh = await Store.StartAsync(await NewUserAsync(), Ct);
        Assert.True(await Store.IsActiveAsync(fresh.SessionId, Ct));
    }

    [Fact]
    public async Task While_redis_is_down_refresh_fails_closed_and_live_access_tokens_keep_working_unless_ended_here()
    {
        var session = await Store.StartAsync(await NewUserAsync(), Ct);
        var loggedOut = await Store.StartAsync(await NewUserAsync(), Ct);
        await Store.EndAsync(loggedOut.SessionId, Ct);

        await redis.StopAsync();
        try
        {
            await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => Store.RotateAsync(session.RefreshToken, Ct));
            Assert.True(await Store.IsActiveAsync(session.SessionId, Ct));
            Assert.False(await Store.IsActiveAsync(loggedOut.SessionId, Ct));
        }
        finally
        {
            await redis.StartAsync();
            await WaitUntilConnectedAsync();
        }
    }

    private async Task WaitUntilConnectedAsync()
    {
        for (var attempt = 0; attempt < 100 && !redis.Connection.IsConnected; attempt++)
        {
            await Task.Delay(100, Ct);
        }
        Assert.True(redis.Connection.IsConnected, "the client did not reconnect to the restarted redis-server");
    }
}
