using Budget.Api.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Budget.Tests.Sessions;

/// <summary>
/// What any session store must do (RFC 9700 refresh-token rotation with reuse detection). Run against SQLite and
/// against a real Redis, so both behave alike.
/// </summary>
public abstract class SessionStoreContract
{
    protected abstract FakeTimeProvider Clock { get; }

    /// <summary>Runs one operation on the store (a fresh scope each time, as a request would have).</summary>
    protected abstract Task<T> UseStoreAsync<T>(Func<ISessionStore, Task<T>> operation);

    /// <summary>An id of a user that exists.</summary>
    protected abstract Task<long> NewUserAsync();

    /// <summary>Whether the token itself, rather than its hash, appears anywhere in the store.</summary>
    protected abstract Task<bool> StoreContainsAsync(string text);

    [Fact]
    public async Task A_refresh_token_gives_a_successor_once_and_the_session_stays_active()
    {
        var userId = await NewUserAsync();
        var session = await UseStoreAsync(store => store.StartAsync(userId, Ct));

        var rotated = await UseStoreAsync(store => store.RotateAsync(session.RefreshToken, Ct));

        Assert.NotNull(rotated);
        Assert.Equal(userId, rotated.Value.UserId);
        Assert.Equal(session.SessionId, rotated.Value.SessionId);
        Assert.NotEqual(session.RefreshToken, rotated.Value.RefreshToken);
        Assert.True(await UseStoreAsync(store => store.IsActiveAsync(session.SessionId, Ct)));
        Assert.NotNull(await UseStoreAsync(store => store.RotateAsync(rotated.Value.RefreshToken, Ct)));
    }

    [Fact]
    public async Task Presenting_a_rotated_token_again_ends_the_session_and_its_newest_token()
    {
        var session = await UseStoreAsync(async store => await store.StartAsync(await NewUserAsync(), Ct));
        var successor = await UseStoreAsync(store => store.RotateAsync(session.RefreshToken, Ct));

        var replay = await UseStoreAsync(store => store.RotateAsync(session.RefreshToken, Ct));

        Assert.Null(replay);
        Assert.False(await UseStoreAsync(store => store.IsActiveAsync(session.SessionId, Ct)));
        Assert.Null(await UseStoreAsync(store => store.RotateAsync(successor!.Value.RefreshToken, Ct)));
    }

    [Fact]
    public async Task Of_two_simultaneous_rotations_with_one_token_exactly_one_succeeds()
    {
        var userId = await NewUserAsync();
        for (var trial = 0; trial < 25; trial++)
        {
            var session = await UseStoreAsync(store => store.StartAsync(userId, Ct));

            var outcomes = await Task.WhenAll(
                UseStoreAsync(store => store.RotateAsync(session.RefreshToken, Ct)),
                UseStoreAsync(store => store.RotateAsync(session.RefreshToken, Ct)));

            Assert.Equal(1, outcomes.Count(o => o is not null));
        }
    }

    [Fact]
    public async Task A_session_ends_at_its_lifetime_however_often_it_is_refreshed()
    {
        var session = await UseStoreAsync(async store => await store.StartAsync(await NewUserAsync(), Ct));
        var token = session.RefreshToken;
        for (var day = 1; day < 7; day++)
        {
            Clock.Advance(TimeSpan.FromDays(1));
            token = (await UseStoreAsync(store => store.RotateAsync(token, Ct)))!.Value.RefreshToken;
        }

        Clock.Advance(TimeSpan.FromDays(1));

        Assert.Null(await UseStoreAsync(store => store.RotateAsync(token, Ct)));
        Assert.False(await UseStoreAsync(store => store.IsActiveAsync(session.SessionId, Ct)));
    }

    [Fact]
    public async Task An_ended_session_refreshes_no_more()
    {
        var session = await UseStoreAsync(async store => await store.StartAsync(await NewUserAsync(), Ct));

        await UseStoreAsync(async store => { await store.EndAsync(session.SessionId, Ct); return true; });

        Assert.False(await UseStoreAsync(store => store.IsActiveAsync(session.SessionId, Ct)));
        Assert.Null(await UseStoreAsync(store => store.RotateAsync(session.RefreshToken, Ct)));
    }

    [Fact]
    public async Task Ending_all_of_a_users_sessions_keeps_the_one_named_and_other_users_alone()
    {
        var userId = await NewUserAsync();
        var otherUser = await NewUserAsync();
        var kept = await UseStoreAsync(store => store.StartAsync(userId, Ct));
        var ended = await UseStoreAsync(store => store.StartAsync(userId, Ct));
        var others = await UseStoreAsync(store => store.StartAsync(otherUser, Ct));

        await UseStoreAsync(async store => { await store.EndAllAsync(userId, kept.SessionId, Ct); return true; });

        Assert.True(await UseStoreAsync(store => store.IsActiveAsync(kept.SessionId, Ct)));
        Assert.False(await UseStoreAsync(store => store.IsActiveAsync(ended.SessionId, Ct)));
        Assert.True(await UseStoreAsync(store => store.IsActiveAsync(others.SessionId, Ct)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("never-issued")]
    public async Task An_unknown_token_or_session_is_refused(string token)
    {
        Assert.Null(await UseStoreAsync(store => store.RotateAsync(token, Ct)));
        Assert.False(await UseStoreAsync(store => store.IsActiveAsync("no-such-session", Ct)));
    }

    [Fact]
    public async Task Only_a_hash_of_each_refresh_token_is_stored()
    {
        var session = await UseStoreAsync(async store => await store.StartAsync(await NewUserAsync(), Ct));
        var rotated = await UseStoreAsync(store => store.RotateAsync(session.RefreshToken, Ct));

        Assert.False(await StoreContainsAsync(session.RefreshToken));
        Assert.False(await StoreContainsAsync(rotated!.Value.RefreshToken));
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
}
