using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>A phone on a bad connection retries "add transaction": the household still spent the money once.</summary>
public sealed class IdempotencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retried_post_with_the_same_key_creates_one_transaction_and_answers_the_first_result()
    {
        var (ann, url) = await BudgetAsync();
        var key = Guid.NewGuid().ToString();

        var first = await ann.Client.PostWithIdempotencyKeyAsync(url, key, """{"amount": 12.34, "date": "2026-04-01", "note": "bakery"}""");
        var retry = await ann.Client.PostWithIdempotencyKeyAsync(url, key, """{"amount": 12.34, "date": "2026-04-01", "note": "bakery"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).GetRawText(), (await retry.ReadJsonAsync()).GetRawText());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("1", (await ann.Client.GetAsync(url, Ct)).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Simultaneous_retries_with_one_key_still_create_one_transaction()
    {
        var (ann, url) = await BudgetAsync();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ann.Client.PostWithIdempotencyKeyAsync(url, key, """{"amount": 5, "date": "2026-04-02"}""")));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer.StatusCode));
        Assert.Single(answers.Select(a => a.Headers.Location).Distinct());
        Assert.Equal("1", (await ann.Client.GetAsync(url, Ct)).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_transaction_is_a_conflict_and_writes_nothing()
    {
        var (ann, url) = await BudgetAsync();
        var key = Guid.NewGuid().ToString();
        await ann.Client.PostWithIdempotencyKeyAsync(url, key, """{"amount": 10, "date": "2026-04-03"}""");

        var different = await ann.Client.PostWithIdempotencyKeyAsync(url, key, """{"amount": 99, "date": "2026-04-03"}""");

        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("1", (await ann.Client.GetAsync(url, Ct)).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Without_a_key_each_post_is_a_new_transaction_and_a_malformed_key_is_refused()
    {
        var (ann, url) = await BudgetAsync();

        await ann.Client.PostAsJsonAsync(url, new { amount = 1, date = "2026-04-04" }, Ct);
        await ann.Client.PostAsJsonAsync(url, new { amount = 1, date = "2026-04-04" }, Ct);
        var malformed = await ann.Client.PostWithIdempotencyKeyAsync(url, new string('k', 101), """{"amount": 1, "date": "2026-04-04"}""");

        Assert.Equal(["Idempotency-Key"], await malformed.ProblemFieldsAsync());
        Assert.Equal("2", (await ann.Client.GetAsync(url, Ct)).Headers.GetValues("X-Total-Count").Single());
    }

    private async Task<(TestUser User, string Url)> BudgetAsync()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budget = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" });
        return (ann, $"/api/profiles/{ann.ProfileId}/budgets/{budget}/transactions");
    }
}
