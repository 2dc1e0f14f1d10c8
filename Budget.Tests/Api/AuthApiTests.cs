using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Attack;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class AuthApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registering_signs_in_and_me_describes_the_account()
    {
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "  Zoe.Smith@Example.ORG ", password = TestUser.DefaultPassword }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tokens = await response.ReadJsonAsync();
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.Equal(900, tokens.GetProperty("expiresIn").GetInt32());
        Assert.True(tokens.GetProperty("refreshToken").GetString()!.Length >= 43, "a refresh token carries at least 256 bits");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var me = await client.GetJsonAsync("/api/auth/me");
        Assert.Equal("zoe.smith@example.org", me.GetProperty("email").GetString());
        Assert.Equal("USD", me.GetProperty("currency").GetString());
        Assert.Equal(2, me.GetProperty("currencyExponent").GetInt32());
        Assert.False(me.TryGetProperty("passwordHash", out _));
    }

    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("kwd", 3)]
    [InlineData("EUR", 2)]
    public async Task The_account_currency_comes_with_its_decimals(string currency, int exponent)
    {
        var user = await TestUser.RegisterAsync(factory, currency: currency);

        var me = await user.Client.GetJsonAsync("/api/auth/me");

        Assert.Equal(currency.ToUpperInvariant(), me.GetProperty("currency").GetString());
        Assert.Equal(exponent, me.GetProperty("currencyExponent").GetInt32());
    }

    [Fact]
    public async Task An_email_can_hold_only_one_account_however_it_is_typed()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");

        var again = await factory.CreateClient().PostAsJsonAsync("/api/auth/register", new { email = ann.Email.ToUpperInvariant(), password = TestUser.DefaultPassword }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-an-email", TestUser.DefaultPassword, null, "email")]
    [InlineData("a@b", TestUser.DefaultPassword, null, "email")]
    [InlineData("ok@example.org", "fourteen chars", null, "password")]
    [InlineData("ok@example.org", "1qaz2wsx3edc4rfv", null, "password")]
    [InlineData("ok@example.org", "QWERTY123456789", null, "password")]
    [InlineData("ok@example.org", "passwordpasswordpassword", null, "password")]
    [InlineData("ok@example.org", "aaaaaaaaaaaaaaaaaaaa", null, "password")]
    [InlineData("ok@example.org", "ok@example.org", null, "password")]
    [InlineData("ok@example.org", TestUser.DefaultPassword, "XYZ", "currency")]
    public async Task Registration_refuses_bad_input_naming_the_field(string email, string password, string? currency, string field)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/register", new { email, password, currency }, Ct);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        using var db = factory.OpenDatabase();
        Assert.Equal(0, DatabaseAudit.Scalar(db, "SELECT count(*) FROM users WHERE email = 'ok@example.org'"));
    }

    [Fact]
    public async Task A_long_passphrase_is_used_whole_not_cut_at_72_bytes()
    {
        var passphrase = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 3)) + " 1";
        var email = $"long-{Guid.NewGuid():N}@example.org";
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/auth/register", new { email, password = passphrase }, Ct)).StatusCode);

        var firstBytesOnly = await client.PostAsJsonAsync("/api/auth/login", new { email, password = passphrase[..72] }, Ct);
        var whole = await client.PostAsJsonAsync("/api/auth/login", new { email, password = passphrase }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, firstBytesOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
    }

    [Fact]
    public async Task Passwords_are_stored_as_bcrypt_hashes_only()
    {
        var ann = await TestUser.RegisterAsync(factory);

        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users WHERE email = $email";
        command.Parameters.AddWithValue("$email", ann.Email);
        var hash = (string)command.ExecuteScalar()!;
        Assert.StartsWith("$2", hash);
        Assert.DoesNotContain(ann.Password, hash);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = "not the password at all" }, Ct);
        var unknownEmail = await client.PostAsJsonAsync("/api/auth/login", new { email = $"nobody-{Guid.NewGuid():N}@example.org", password = ann.Password }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        Assert.Equal(WithoutTraceId(await wrongPassword.ReadJsonAsync()), WithoutTraceId(await unknownEmail.ReadJsonAsync()));
    }

    [Fact]
    public async Task Signing_in_gives_a_working_session()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email.ToUpperInvariant(), password = ann.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.ReadJsonAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(ann.Email, (await client.GetJsonAsync("/api/auth/me")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_with_a_bearer_challenge()
    {
        var response = await factory.CreateClient().GetAsync("/api/profiles", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Refreshing_rotates_the_refresh_token()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();

        var first = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = await first.ReadJsonAsync();
        Assert.NotEqual(ann.RefreshToken, rotated.GetProperty("refreshToken").GetString());
        ann.UseTokens(rotated);
        await ann.Client.GetJsonAsync("/api/profiles");

        var second = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Replaying_a_rotated_refresh_token_ends_the_whole_session()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var stolen = ann.RefreshToken;
        var client = factory.CreateClient();
        ann.UseTokens(await (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = stolen }, Ct)).ReadJsonAsync());

        var replay = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = stolen }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        // The legitimate holder's newer tokens die with the session, so the thief's copy is worthless too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ann.Client.GetAsync("/api/profiles", Ct)).StatusCode);
    }

    [Fact]
    public async Task Two_refreshes_racing_with_one_token_let_exactly_one_through()
    {
        for (var trial = 0; trial < 20; trial++)
        {
            var ann = await TestUser.RegisterAsync(factory);
            var client = factory.CreateClient();

            var answers = await Task.WhenAll(
                client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct),
                client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct));

            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task An_unknown_refresh_token_is_401(string token)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Refresh_tokens_are_stored_only_as_hashes()
    {
        var ann = await TestUser.RegisterAsync(factory);

        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT token_hash FROM refresh_tokens";
        using var reader = command.ExecuteReader();
        var stored = new List<byte[]>();
        while (reader.Read())
        {
            stored.Add((byte[])reader[0]);
        }
        Assert.NotEmpty(stored);
        Assert.All(stored, hash => Assert.Equal(32, hash.Length));
        Assert.Contains(stored, hash => hash.SequenceEqual(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ann.RefreshToken))));
    }

    [Fact]
    public async Task Logging_out_ends_the_refresh_token_and_the_access_token_used()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var logout = await ann.Client.DeleteAsync("/api/auth/logout", Ct);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var afterwards = await ann.Client.GetAsync("/api/profiles", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
        Assert.Contains("invalid_token", afterwards.Headers.WwwAuthenticate.ToString());
        var refresh = await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task Logging_out_one_device_keeps_the_others_signed_in()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var phone = factory.CreateClient();
        var login = await (await phone.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct)).ReadJsonAsync();
        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());

        await ann.Client.DeleteAsync("/api/auth/logout", Ct);

        await phone.GetJsonAsync("/api/profiles");
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_the_other_sessions()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var phone = factory.CreateClient();
        var phoneTokens = await (await phone.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct)).ReadJsonAsync();
        phone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", phoneTokens.GetProperty("accessToken").GetString());
        const string newPassword = "a brand new family passphrase";

        var wrongCurrent = await ann.Client.PutAsJsonAsync("/api/auth/password", new { currentPassword = "not my password at all", newPassword }, Ct);
        Assert.Equal(["currentPassword"], await wrongCurrent.ProblemFieldsAsync());
        var weakNew = await ann.Client.PutAsJsonAsync("/api/auth/password", new { currentPassword = ann.Password, newPassword = "short" }, Ct);
        Assert.Equal(["newPassword"], await weakNew.ProblemFieldsAsync());

        var changed = await ann.Client.PutAsJsonAsync("/api/auth/password", new { currentPassword = ann.Password, newPassword }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await ann.Client.GetJsonAsync("/api/profiles");
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/profiles", Ct)).StatusCode);
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = phoneTokens.GetProperty("refreshToken").GetString() }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = newPassword }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Deleting_the_account_removes_everything_in_it_and_ends_its_sessions()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 500, period = "monthly" });
        await ann.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 12.5, date = "2026-01-02" });
        await ann.CreateAsync("goals", new { name = "Bike", target = 300 });

        var wrong = await ann.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/auth/me") { Content = JsonContent.Create(new { password = "certainly not the password" }) }, Ct);
        Assert.Equal(["password"], await wrong.ProblemFieldsAsync());

        var deleted = await ann.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/auth/me") { Content = JsonContent.Create(new { password = ann.Password }) }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ann.Client.GetAsync("/api/profiles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct)).StatusCode);
        using var db = factory.OpenDatabase();
        foreach (var (table, column, id) in new[] { ("profiles", "id", ann.ProfileId), ("budgets", "profile_id", ann.ProfileId), ("transactions", "budget_id", budgetId), ("goals", "profile_id", ann.ProfileId) })
        {
            Assert.Equal(0, DatabaseAudit.Scalar(db, $"SELECT count(*) FROM {table} WHERE {column} = {id}"));
        }
    }

    [Fact]
    public async Task Unknown_fields_cannot_slip_into_an_account()
    {
        var response = await factory.CreateClient().SendJsonAsync(HttpMethod.Post, "/api/auth/register",
            $$"""{"email":"mass-{{Guid.NewGuid():N}}@example.org","password":"{{TestUser.DefaultPassword}}","id":1,"passwordHash":"x"}""");

        Assert.Equal(["id"], await response.ProblemFieldsAsync());
    }

    private static string WithoutTraceId(JsonElement problem) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value));
}
