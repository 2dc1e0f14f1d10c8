using Budget.Api.Auth;
using Budget.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Budget.Tests.Sessions;

public sealed class SqliteSessionStoreTests(ApiFactory factory) : SessionStoreContract, IClassFixture<ApiFactory>
{
    protected override FakeTimeProvider Clock => factory.Clock;

    protected override async Task<T> UseStoreAsync<T>(Func<ISessionStore, Task<T>> operation)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ISessionStore>();
        Assert.IsType<SqliteSessionStore>(store);
        return await operation(store);
    }

    protected override async Task<long> NewUserAsync()
    {
        var user = await TestUser.RegisterAsync(factory);
        return long.Parse(Jwt.Payload(user.AccessToken)["sub"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override Task<bool> StoreContainsAsync(string text)
    {
        // The whole database file, WAL included, searched for the token's bytes.
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        var found = new[] { factory.DatabasePath, factory.DatabasePath + "-wal" }
            .Where(File.Exists)
            .Any(path => File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0);
        return Task.FromResult(found);
    }
}
