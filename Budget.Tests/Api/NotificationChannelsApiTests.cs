using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class NotificationChannelsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Channels = "/api/notification-channels";
    private const string Token = "tk_0123456789abcdefWXYZ";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Count(string sql)
    {
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_channel_can_be_added_read_changed_and_deleted_and_its_secret_is_never_answered()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var created = await ann.Client.PostAsJsonAsync(Channels, new { kind = "ntfy", name = " Phone ", url = "http://192.168.1.20/budget", token = Token }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Token, body);
        var channel = JsonDocument.Parse(body).RootElement;
        var id = channel.GetProperty("id").GetInt64();
        Assert.Equal($"{Channels}/{id}", created.Headers.Location?.AbsolutePath);
        Assert.Equal("Phone", channel.GetProperty("name").GetString());
        Assert.Equal("ntfy", channel.GetProperty("kind").GetString());
        Assert.Equal("…WXYZ", channel.GetProperty("tokenHint").GetString());
        Assert.True(channel.GetProperty("enabled").GetBoolean());
        Assert.DoesNotContain(Token, await ann.Client.GetStringAsync(Channels, Ct));
        Assert.DoesNotContain(Token, await ann.Client.GetStringAsync($"{Channels}/{id}", Ct));

        // Left out, the secret stays; empty, it goes.
        var renamed = await ann.Client.PutAsJsonAsync($"{Channels}/{id}", new { kind = "ntfy", name = "Kitchen tablet", url = "http://192.168.1.20/budget", enabled = false, version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var changed = await renamed.ReadJsonAsync();
        Assert.Equal("…WXYZ", changed.GetProperty("tokenHint").GetString());
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, changed.GetProperty("version").GetInt64());
        var stale = await ann.Client.PutAsJsonAsync($"{Channels}/{id}", new { kind = "ntfy", name = "Old", url = "http://192.168.1.20/budget", version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var cleared = await ann.Client.PutAsJsonAsync($"{Channels}/{id}", new { kind = "ntfy", name = "Kitchen tablet", url = "http://192.168.1.20/budget", token = "" }, Ct);
        Assert.Equal(JsonValueKind.Null, (await cleared.ReadJsonAsync()).GetProperty("tokenHint").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"{Channels}/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync($"{Channels}/{id}", Ct)).StatusCode);
        Assert.Empty((await ann.Client.GetJsonAsync(Channels)).EnumerateArray());
    }

    [Theory]
    [InlineData("""{"kind":"webhook","name":"Hook","url":"ftp://192.168.1.20/hook"}""", "url")]
    [InlineData("""{"kind":"webhook","name":"Hook","url":"file:///etc/passwd"}""", "url")]
    [InlineData("""{"kind":"webhook","name":"Hook","url":"not an address"}""", "url")]
    [InlineData("""{"kind":"webhook","name":"Hook","url":"http://admin:hunter2@192.168.1.20/hook"}""", "url")]
    [InlineData("""{"kind":"ntfy","name":"Phone","url":"http://ntfy.lan/"}""", "url")]
    [InlineData("""{"kind":"gotify","name":"Gotify","url":"http://gotify.lan"}""", "token")]
    [InlineData("""{"kind":"webhook","name":" ","url":"http://192.168.1.20/hook"}""", "name")]
    [InlineData("""{"kind":"pager","name":"Pager","url":"http://192.168.1.20/hook"}""", "kind")]
    public async Task A_bad_channel_is_refused_naming_the_field_and_nothing_is_written(string json, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var before = Count("select count(*) from notification_channels");

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Channels, json);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Equal(before, Count("select count(*) from notification_channels"));
    }

    [Fact]
    public async Task Eight_simultaneous_retries_with_one_Idempotency_Key_create_one_channel_and_all_answer_it()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"kind":"ntfy","name":"Phone","url":"http://192.168.1.20/budget","token":"{{Token}}"}""";

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ann.Client.PostWithIdempotencyKeyAsync(Channels, key, body)));
        var later = await ann.Client.PostWithIdempotencyKeyAsync(Channels, key, body);

        Assert.All(answers.Append(later), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Append(later).Select(a => a.Headers.Location).Distinct());
        Assert.Equal((await answers[0].ReadJsonAsync()).GetRawText(), (await later.ReadJsonAsync()).GetRawText());
        Assert.Single((await ann.Client.GetJsonAsync(Channels)).EnumerateArray());
    }

    [Fact]
    public async Task The_same_Idempotency_Key_for_another_channel_is_a_409_and_a_malformed_key_is_refused_by_name()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var key = Guid.NewGuid().ToString();
        const string Phone = """{"kind":"ntfy","name":"Phone","url":"http://192.168.1.20/budget"}""";
        Assert.Equal(HttpStatusCode.Created, (await ann.Client.PostWithIdempotencyKeyAsync(Channels, key, Phone)).StatusCode);

        var other = await ann.Client.PostWithIdempotencyKeyAsync(Channels, key, """{"kind":"ntfy","name":"Tablet","url":"http://192.168.1.20/budget"}""");
        var otherToken = await ann.Client.PostWithIdempotencyKeyAsync(Channels, key, """{"kind":"ntfy","name":"Phone","url":"http://192.168.1.20/budget","token":"another-secret"}""");
        var malformed = await ann.Client.PostWithIdempotencyKeyAsync(Channels, "bad key with spaces", Phone);
        var bobs = await bob.Client.PostWithIdempotencyKeyAsync(Channels, key, Phone);

        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, otherToken.StatusCode);
        Assert.Equal(["Idempotency-Key"], await malformed.ProblemFieldsAsync());
        Assert.Single((await ann.Client.GetJsonAsync(Channels)).EnumerateArray());
        // A key belongs to one user: the same one from someone else creates their own channel.
        Assert.Equal(HttpStatusCode.Created, bobs.StatusCode);
        Assert.Single((await bob.Client.GetJsonAsync(Channels)).EnumerateArray());
    }

    [Fact]
    public async Task A_user_keeps_at_most_ten_channels()
    {
        var ann = await TestUser.RegisterAsync(factory);
        for (var i = 0; i < 10; i++)
        {
            await ann.CreateAsync("../../notification-channels", new { kind = "webhook", name = $"Hook {i}", url = "http://192.168.1.20/hook" }, profileId: 0);
        }

        var eleventh = await ann.Client.PostAsJsonAsync(Channels, new { kind = "webhook", name = "One more", url = "http://192.168.1.20/hook" }, Ct);

        Assert.Equal(["$"], await eleventh.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Another_user_gets_404_for_my_channel_on_every_route_and_changes_nothing()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var id = await ann.CreateAsync("../../notification-channels", new { kind = "webhook", name = "Hook", url = "http://192.168.1.20/hook", token = Token }, profileId: 0);
        var url = $"{Channels}/{id}";

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsJsonAsync(url, new { kind = "webhook", name = "Mine", url = "http://10.0.0.1/steal" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsync($"{url}/test", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Empty((await bob.Client.GetJsonAsync(Channels)).EnumerateArray());

        var channel = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Hook", channel.GetProperty("name").GetString());
        Assert.Equal(0, Count($"select count(*) from notification_deliveries where channel_id = {id}"));
    }

    [Fact]
    public async Task The_test_button_queues_at_most_a_few_messages_at_a_time()
    {
        var ann = await TestUser.RegisterAsync(factory);
        // Nothing listens on the discard port: the messages stay queued for their retry.
        var id = await ann.CreateAsync("../../notification-channels", new { kind = "webhook", name = "Hook", url = "http://127.0.0.1:9/hook" }, profileId: 0);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await ann.Client.PostAsync($"{Channels}/{id}/test", null, Ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], answers.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }
}
