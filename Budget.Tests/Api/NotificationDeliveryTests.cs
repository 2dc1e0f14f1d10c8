using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>Pushes against a real HTTP server on 127.0.0.1 playing ntfy, Gotify and a webhook receiver.</summary>
public sealed class NotificationDeliveryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Channels = "/api/notification-channels";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);

    private static Task<long> ChannelAsync(TestUser user, object channel) => user.CreateAsync("../../notification-channels", channel, profileId: 0);

    /// <summary>A budget of 100 and a write that takes it to 85: the 80% alert, pushed to each channel.</summary>
    private async Task<HttpResponseMessage> SpendPast80PercentAsync(TestUser user, string name = "Groceries")
    {
        var budgetId = await user.CreateAsync("budgets", new { name, budgeted = 100, period = "monthly" });
        return await user.Client.PostAsJsonAsync($"/api/profiles/{user.ProfileId}/budgets/{budgetId}/transactions",
            new { amount = 85, date = Today.ToString("yyyy-MM-dd") }, Ct);
    }

    private static async Task<JsonElement> ChannelOfAsync(TestUser user, long id)
    {
        // The clock may have moved past the access token's life.
        await user.SignInAgainAsync();
        return await user.Client.GetJsonAsync($"{Channels}/{id}");
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task Ntfy_gotify_and_a_webhook_each_get_the_request_their_service_expects()
    {
        await using var listener = await NotificationListener.StartAsync(factory.Clock);
        var ann = await TestUser.RegisterAsync(factory);
        await ChannelAsync(ann, new { kind = "ntfy", name = "Phone", url = $"{listener.BaseUrl}/ntfy/budget-alerts", token = "tk_ntfy_token_1234" });
        await ChannelAsync(ann, new { kind = "gotify", name = "Gotify", url = $"{listener.BaseUrl}/gotify/", token = "AgotifyAppToken" });
        await ChannelAsync(ann, new { kind = "webhook", name = "Home Assistant", url = $"{listener.BaseUrl}/hook?source=budget", token = "shared signing key" });

        await SpendPast80PercentAsync(ann);
        var received = await listener.WaitForAsync(3);

        var ntfy = Assert.Single(received, r => r.Path == "/ntfy/");
        Assert.Equal("POST", ntfy.Method);
        Assert.Equal("Bearer tk_ntfy_token_1234", ntfy.Headers["Authorization"]);
        var ntfyBody = JsonDocument.Parse(ntfy.Body).RootElement;
        Assert.Equal("budget-alerts", ntfyBody.GetProperty("topic").GetString());
        Assert.Equal("Groceries: 80% of the monthly budget reached", ntfyBody.GetProperty("title").GetString());
        Assert.StartsWith("85.00 USD of 100.00 USD spent", ntfyBody.GetProperty("message").GetString());
        Assert.Equal(3, ntfyBody.GetProperty("priority").GetInt32());
        Assert.Equal("money_with_wings", ntfyBody.GetProperty("tags")[0].GetString());

        var gotify = Assert.Single(received, r => r.Path == "/gotify/message");
        Assert.Equal("AgotifyAppToken", gotify.Headers["X-Gotify-Key"]);
        var gotifyBody = JsonDocument.Parse(gotify.Body).RootElement;
        Assert.Equal("Groceries: 80% of the monthly budget reached", gotifyBody.GetProperty("title").GetString());
        Assert.Equal(5, gotifyBody.GetProperty("priority").GetInt32());

        var hook = Assert.Single(received, r => r.Path == "/hook?source=budget");
        Assert.StartsWith("application/json", hook.Headers["Content-Type"]);
        Assert.Equal("budget.threshold", hook.Headers["X-Budget-Event"]);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("shared signing key"), Encoding.UTF8.GetBytes(hook.Body)));
        Assert.Equal(expected, hook.Headers["X-Budget-Signature"]);
        Assert.True(long.TryParse(hook.Headers["X-Budget-Delivery"], out _));
        var payload = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal("budget.threshold", payload.GetProperty("event").GetString());
        Assert.Equal(80, payload.GetProperty("threshold").GetInt32());
        Assert.Equal(ann.ProfileId, payload.GetProperty("profileId").GetInt64());
        Assert.Equal(new DateOnly(Today.Year, Today.Month, 1).ToString("yyyy-MM-dd"), payload.GetProperty("periodStart").GetString());
        Assert.False(payload.TryGetProperty("goalId", out _));
    }

    [Fact]
    public async Task A_listener_that_fails_twice_then_succeeds_gets_one_message_after_backing_off()
    {
        await using var listener = await NotificationListener.StartAsync(factory.Clock);
        listener.Answer = n => n <= 2 ? 503 : 200;
        var ann = await TestUser.RegisterAsync(factory);
        var channel = await ChannelAsync(ann, new { kind = "webhook", name = "Hook", url = $"{listener.BaseUrl}/hook" });

        await SpendPast80PercentAsync(ann);
        var step = TimeSpan.FromSeconds(5);
        var attempts = await listener.WaitForAsync(3, factory.Clock, step);

        Assert.Single(attempts.Select(a => a.Body).Distinct());
        var firstWait = attempts[1].At - attempts[0].At;
        var secondWait = attempts[2].At - attempts[1].At;
        // At least the backoff; a little more when the clock moved on while the worker was setting its timer.
        Assert.InRange(firstWait, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(55));
        Assert.InRange(secondWait, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(85));
        var delivered = await EventuallyAsync(() => ChannelOfAsync(ann, channel), c => c.GetProperty("lastDeliveredAt").ValueKind != JsonValueKind.Null);
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("lastError").ValueKind);

        factory.Clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(300, Ct);
        Assert.Equal(3, listener.Received.Count);
    }

    [Fact]
    public async Task A_listener_that_always_fails_is_given_up_after_eight_attempts_and_the_channel_says_why()
    {
        await using var listener = await NotificationListener.StartAsync(factory.Clock);
        listener.Answer = _ => 503;
        var ann = await TestUser.RegisterAsync(factory);
        var channel = await ChannelAsync(ann, new { kind = "ntfy", name = "Phone", url = $"{listener.BaseUrl}/budget" });

        await SpendPast80PercentAsync(ann);
        await listener.WaitForAsync(8, factory.Clock, TimeSpan.FromMinutes(1));

        var failed = await EventuallyAsync(() => ChannelOfAsync(ann, channel), c => c.GetProperty("lastError").GetString()?.Contains("gave up") == true);
        Assert.Equal("503 Service Unavailable (gave up after 8 attempts)", failed.GetProperty("lastError").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("lastDeliveredAt").ValueKind);
        factory.Clock.Advance(TimeSpan.FromDays(1));
        await Task.Delay(300, Ct);
        Assert.Equal(8, listener.Received.Count);
    }

    [Fact]
    public async Task The_write_that_raises_an_alert_answers_at_once_while_the_listener_hangs()
    {
        await using var listener = await NotificationListener.StartAsync(factory.Clock);
        listener.Answer = _ => null;
        var ann = await TestUser.RegisterAsync(factory);
        await ChannelAsync(ann, new { kind = "webhook", name = "Hook", url = $"{listener.BaseUrl}/hook" });

        var first = Stopwatch.StartNew();
        var raised = await SpendPast80PercentAsync(ann, "Groceries");
        first.Stop();
        await listener.WaitForAsync(1);
        var second = Stopwatch.StartNew();
        var raisedWhileHanging = await SpendPast80PercentAsync(ann, "Fuel");
        second.Stop();

        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        Assert.Equal(HttpStatusCode.Created, raisedWhileHanging.StatusCode);
        Assert.InRange(first.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.InRange(second.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Equal(2, (await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/alerts")).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task The_test_button_sends_a_signed_test_message()
    {
        await using var listener = await NotificationListener.StartAsync(factory.Clock);
        var ann = await TestUser.RegisterAsync(factory);
        var channel = await ChannelAsync(ann, new { kind = "webhook", name = "Hook", url = $"{listener.BaseUrl}/hook", token = "key" });

        var queued = await ann.Client.PostAsync($"{Channels}/{channel}/test", null, Ct);
        var hook = Assert.Single(await listener.WaitForAsync(1));

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal("test", hook.Headers["X-Budget-Event"]);
        Assert.Equal("test", JsonDocument.Parse(hook.Body).RootElement.GetProperty("event").GetString());
        Assert.StartsWith("sha256=", hook.Headers["X-Budget-Signature"]);
        var shown = await EventuallyAsync(() => ChannelOfAsync(ann, channel), c => c.GetProperty("lastDeliveredAt").ValueKind != JsonValueKind.Null);
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("lastDeliveredAt").ValueKind);
    }

    [Fact]
    public async Task A_channel_pointing_at_a_link_local_address_is_refused_when_sending_and_says_so()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var channel = await ChannelAsync(ann, new { kind = "webhook", name = "Metadata", url = "http://169.254.169.254/latest/meta-data" });

        await ann.Client.PostAsync($"{Channels}/{channel}/test", null, Ct);

        var refused = await EventuallyAsync(() => ChannelOfAsync(ann, channel), c => c.GetProperty("lastError").ValueKind != JsonValueKind.Null);
        Assert.Contains("link-local", refused.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task A_message_queued_before_a_restart_is_sent_by_the_restarted_app()
    {
        var data = Directory.CreateTempSubdirectory("budget-tests-").FullName;
        try
        {
            await using var listener = await NotificationListener.StartAsync(factory.Clock);
            listener.Answer = n => n == 1 ? 500 : 200;
            await using (var before = ApiFactory.On(data))
            {
                var ann = await TestUser.RegisterAsync(before);
                await ChannelAsync(ann, new { kind = "webhook", name = "Hook", url = $"{listener.BaseUrl}/hook" });
                var budgetId = await ann.CreateAsync("budgets", new { name = "Groceries", budgeted = 100, period = "monthly" });
                await ann.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 85, date = DateOnly.FromDateTime(before.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd") });
                await listener.WaitForAsync(1);
            }

            await using var after = ApiFactory.On(data);
            _ = after.CreateClient();
            var received = await listener.WaitForAsync(2, after.Clock, TimeSpan.FromSeconds(10));

            Assert.Equal(received[0].Body, received[1].Body);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
