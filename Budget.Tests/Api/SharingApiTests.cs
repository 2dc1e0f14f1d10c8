using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Attack;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>Sharing a profile: invitations, roles, removal, leaving and handing over, and whose currency the money is in.</summary>
public sealed class SharingApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_invited_user_sees_the_invitation_accepts_it_and_finds_the_profile_marked_as_shared()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var bob = await TestUser.RegisterAsync(factory, "bob");

        var invited = await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/invitations", new { email = bob.Email.ToUpperInvariant(), role = "editor" }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var waiting = Assert.Single((await bob.Client.GetJsonAsync("/api/invitations")).EnumerateArray());
        Assert.Equal(ann.ProfileId, waiting.GetProperty("profileId").GetInt64());
        Assert.Equal(ann.Email, waiting.GetProperty("ownerEmail").GetString());
        Assert.Equal("editor", waiting.GetProperty("role").GetString());

        var accepted = await bob.Client.PostAsync($"/api/invitations/{waiting.GetProperty("id").GetInt64()}/accept", null, Ct);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Empty((await bob.Client.GetJsonAsync("/api/invitations")).EnumerateArray());
        var bobs = (await bob.Client.GetJsonAsync("/api/profiles")).EnumerateArray().ToArray();
        Assert.Equal([bob.ProfileId, ann.ProfileId], bobs.Select(p => p.GetProperty("id").GetInt64()));
        Assert.Equal("owner", bobs[0].GetProperty("role").GetString());
        Assert.False(bobs[0].GetProperty("sharedWithYou").GetBoolean());
        Assert.Equal("editor", bobs[1].GetProperty("role").GetString());
        Assert.True(bobs[1].GetProperty("sharedWithYou").GetBoolean());
        Assert.Equal(ann.Email, bobs[1].GetProperty("ownerEmail").GetString());
        Assert.Equal(2, bobs[1].GetProperty("memberCount").GetInt32());
        var members = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members");
        Assert.Equal([(ann.Email, "owner", true), (bob.Email, "editor", false)],
            members.EnumerateArray().Select(m => (m.GetProperty("email").GetString(), m.GetProperty("role").GetString(), m.GetProperty("you").GetBoolean())));
        Assert.Empty((await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/invitations")).EnumerateArray());
    }

    [Fact]
    public async Task Inviting_an_unknown_email_answers_exactly_as_inviting_an_account_and_waits_for_whoever_signs_up_with_it()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var unknown = $"carol-{Guid.NewGuid():N}@example.org";

        var toAccount = await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/invitations", new { email = bob.Email, role = "viewer" }, Ct);
        var toNobody = await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/invitations", new { email = unknown, role = "viewer" }, Ct);

        Assert.Equal(toAccount.StatusCode, toNobody.StatusCode);
        Assert.Equal(Shape(await toAccount.ReadJsonAsync()), Shape(await toNobody.ReadJsonAsync()));
        Assert.Equal([bob.Email, unknown], (await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/invitations")).EnumerateArray().Select(i => i.GetProperty("email").GetString()));
        var client = factory.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { email = unknown, password = TestUser.DefaultPassword }, Ct);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await registered.ReadJsonAsync()).GetProperty("accessToken").GetString());
        Assert.Equal(ann.ProfileId, Assert.Single((await client.GetJsonAsync("/api/invitations")).EnumerateArray()).GetProperty("profileId").GetInt64());

        static string Shape(JsonElement invitation) => string.Join(",", invitation.EnumerateObject().Select(p => $"{p.Name}:{(p.Name is "role" ? p.Value.ToString() : p.Value.ValueKind.ToString())}"));
    }

    [Theory]
    [InlineData("""{"email":"not an email","role":"viewer"}""", "email")]
    [InlineData("""{"email":"a@example.org","role":"owner"}""", "role")]
    [InlineData("""{"email":"a@example.org","role":"boss"}""", "role")]
    [InlineData("""{"role":"viewer"}""", "email")]
    public async Task A_bad_invitation_names_the_field_and_writes_nothing(string json, string field)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, $"/api/profiles/{ann.ProfileId}/invitations", json);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task Inviting_a_member_is_a_conflict_and_inviting_an_email_again_changes_the_role()
    {
        var (ann, bob) = await SharedAsync("viewer");
        var carol = $"carol-{Guid.NewGuid():N}@example.org";
        var url = $"/api/profiles/{ann.ProfileId}/invitations";

        var member = await ann.Client.PostAsJsonAsync(url, new { email = bob.Email, role = "admin" }, Ct);
        var first = await ann.Client.PostAsJsonAsync(url, new { email = carol, role = "viewer" }, Ct);
        var again = await ann.Client.PostAsJsonAsync(url, new { email = carol, role = "admin" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, member.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var pending = Assert.Single((await ann.Client.GetJsonAsync(url)).EnumerateArray());
        Assert.Equal("admin", pending.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_profile_keeps_at_most_the_limit_of_waiting_invitations()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var url = $"/api/profiles/{ann.ProfileId}/invitations";
        for (var i = 0; i < Budget.Api.Common.Limits.PendingInvitationsPerProfile; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ann.Client.PostAsJsonAsync(url, new { email = $"x{i}-{Guid.NewGuid():N}@example.org", role = "viewer" }, Ct)).StatusCode);
        }

        var oneMore = await ann.Client.PostAsJsonAsync(url, new { email = $"more-{Guid.NewGuid():N}@example.org", role = "viewer" }, Ct);

        Assert.Equal(["$"], await oneMore.ProblemFieldsAsync());
        var first = (await ann.Client.GetJsonAsync(url))[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"{url}/{first}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ann.Client.PostAsJsonAsync(url, new { email = $"more-{Guid.NewGuid():N}@example.org", role = "viewer" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_declined_or_cancelled_invitation_is_gone_and_nobody_joins()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var carol = await TestUser.RegisterAsync(factory, "carol");
        await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/invitations", new { email = bob.Email, role = "viewer" }, Ct);
        var toCarol = await (await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/invitations", new { email = carol.Email, role = "viewer" }, Ct)).ReadJsonAsync();
        var bobsInvitation = (await bob.Client.GetJsonAsync("/api/invitations"))[0].GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NotFound, (await carol.Client.DeleteAsync($"/api/invitations/{bobsInvitation}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.Client.PostAsync($"/api/invitations/{bobsInvitation}/accept", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteAsync($"/api/invitations/{bobsInvitation}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/invitations/{toCarol.GetProperty("id").GetInt64()}", Ct)).StatusCode);

        Assert.Empty((await bob.Client.GetJsonAsync("/api/invitations")).EnumerateArray());
        Assert.Empty((await carol.Client.GetJsonAsync("/api/invitations")).EnumerateArray());
        Assert.Single((await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/profiles/{ann.ProfileId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_a_role_and_it_applies_to_the_next_request()
    {
        var (ann, bob) = await SharedAsync("editor");
        var memberId = await MemberIdAsync(ann, bob);
        Assert.Equal(HttpStatusCode.Created, (await bob.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/goals", new { name = "Bike", target = 100 }, Ct)).StatusCode);

        var changed = await ann.Client.PutAsJsonAsync($"/api/profiles/{ann.ProfileId}/members/{memberId}", new { role = "viewer", version = 1 }, Ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, (await changed.ReadJsonAsync()).GetProperty("version").GetInt64());
        var refused = await bob.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/goals", new { name = "Car", target = 100 }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("editor", (await refused.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Single((await bob.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/goals")).EnumerateArray());
        var stale = await ann.Client.PutAsJsonAsync($"/api/profiles/{ann.ProfileId}/members/{memberId}", new { role = "admin", version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Theory]
    [InlineData("""{"role":"owner"}""", "role")]
    [InlineData("""{"role":"viewer,editor"}""", "role")]
    [InlineData("""{"role":1}""", "role")]
    [InlineData("""{}""", "role")]
    public async Task A_bad_role_change_names_the_field_and_writes_nothing(string json, string field)
    {
        var (ann, bob) = await SharedAsync("editor");
        var memberId = await MemberIdAsync(ann, bob);
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Put, $"/api/profiles/{ann.ProfileId}/members/{memberId}", json);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task The_owner_can_be_neither_demoted_nor_removed_nor_leave()
    {
        var (ann, bob) = await SharedAsync("admin");
        var annsId = await MemberIdAsync(ann, ann);
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var demoted = await bob.Client.PutAsJsonAsync($"/api/profiles/{ann.ProfileId}/members/{annsId}", new { role = "viewer" }, Ct);
        var removed = await bob.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/members/{annsId}", Ct);
        var left = await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/membership", Ct);

        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict], [demoted.StatusCode, removed.StatusCode, left.StatusCode]);
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task A_removed_member_is_out_on_the_next_request_with_the_access_token_they_still_hold()
    {
        var (ann, bob) = await SharedAsync("editor");
        var heldToken = bob.AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.GetAsync($"/api/profiles/{ann.ProfileId}/budgets", Ct)).StatusCode);

        var removed = await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/members/{await MemberIdAsync(ann, bob)}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(heldToken, bob.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/profiles/{ann.ProfileId}/budgets", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/goals", new { name = "Mine", target = 1 }, Ct)).StatusCode);
        Assert.DoesNotContain((await bob.Client.GetJsonAsync("/api/profiles")).EnumerateArray(), p => p.GetProperty("id").GetInt64() == ann.ProfileId);
    }

    [Fact]
    public async Task A_member_may_leave_and_the_profile_goes_from_their_list()
    {
        var (ann, bob) = await SharedAsync("viewer");

        var left = await bob.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/membership", Ct);

        Assert.Equal(HttpStatusCode.NoContent, left.StatusCode);
        Assert.Equal([bob.ProfileId], (await bob.Client.GetJsonAsync("/api/profiles")).EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.Single((await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members")).EnumerateArray());
    }

    [Fact]
    public async Task The_owner_hands_the_profile_to_a_member_and_stays_as_an_admin()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var kids = await ann.CreateAsync("../../profiles", new { name = "Kids" }, profileId: 0);
        var bob = await TestUser.RegisterAsync(factory, "bob");
        await bob.JoinAsync(ann, kids, "editor");

        var handed = await ann.Client.PostAsJsonAsync($"/api/profiles/{kids}/owner", new { memberId = await MemberIdAsync(ann, bob, kids) }, Ct);

        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        Assert.Equal([(bob.Email, "owner"), (ann.Email, "admin")],
            (await handed.ReadJsonAsync()).EnumerateArray().Select(m => (m.GetProperty("email").GetString(), m.GetProperty("role").GetString())));
        var asBob = await bob.Client.GetJsonAsync($"/api/profiles/{kids}");
        Assert.Equal("owner", asBob.GetProperty("role").GetString());
        Assert.False(asBob.GetProperty("sharedWithYou").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.Client.DeleteAsync($"/api/profiles/{kids}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.Client.PostAsJsonAsync($"/api/profiles/{kids}/owner", new { memberId = await MemberIdAsync(ann, ann, kids) }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteAsync($"/api/profiles/{kids}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Handing_over_to_someone_who_is_not_a_member_names_the_member_and_changes_nothing()
    {
        var (ann, _) = await SharedAsync("viewer");
        var other = await SharedAsync("viewer");
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var toStranger = await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/owner", new { memberId = await MemberIdAsync(other.Owner, other.Member) }, Ct);
        var toSelf = await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/owner", new { memberId = await MemberIdAsync(ann, ann) }, Ct);

        Assert.Equal(["memberId"], await toStranger.ProblemFieldsAsync());
        Assert.Equal(["memberId"], await toSelf.ProblemFieldsAsync());
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task An_admin_may_rename_but_only_the_owner_may_delete_the_profile()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var kids = await ann.CreateAsync("../../profiles", new { name = "Kids" }, profileId: 0);
        var bob = await TestUser.RegisterAsync(factory, "bob");
        await bob.JoinAsync(ann, kids, "admin");

        var renamed = await bob.Client.PutAsJsonAsync($"/api/profiles/{kids}", new { name = "Children" }, Ct);
        var deleted = await bob.Client.DeleteAsync($"/api/profiles/{kids}", Ct);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Children", (await renamed.ReadJsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{kids}", Ct)).StatusCode);
        Assert.DoesNotContain((await bob.Client.GetJsonAsync("/api/profiles")).EnumerateArray(), p => p.GetProperty("id").GetInt64() == kids);
    }

    [Fact]
    public async Task A_member_with_another_currency_reads_and_writes_the_profiles_money_in_the_owners_currency()
    {
        var yuki = await TestUser.RegisterAsync(factory, "yuki", currency: "JPY");
        var sam = await TestUser.RegisterAsync(factory, "sam", currency: "USD");
        await sam.JoinAsync(yuki, yuki.ProfileId, "editor");
        var budget = await yuki.CreateAsync("budgets", new { name = "Food", budgeted = 30000, period = "monthly" });
        var transactions = $"/api/profiles/{yuki.ProfileId}/budgets/{budget}/transactions";

        var samsProfile = await sam.Client.GetJsonAsync($"/api/profiles/{yuki.ProfileId}");
        var samsBudget = await sam.Client.GetJsonAsync($"/api/profiles/{yuki.ProfileId}/budgets/{budget}");
        var withCents = await sam.Client.PostAsJsonAsync(transactions, new { amount = 12.50, date = "2026-01-10" }, Ct);
        var whole = await sam.Client.PostAsJsonAsync(transactions, new { amount = 1500, date = "2026-01-10" }, Ct);

        Assert.Equal(("JPY", 0), (samsProfile.GetProperty("currency").GetString(), samsProfile.GetProperty("currencyExponent").GetInt32()));
        Assert.Equal(30000m, samsBudget.Number("budgeted"));
        Assert.Equal(["amount"], await withCents.ProblemFieldsAsync());
        Assert.Equal(HttpStatusCode.Created, whole.StatusCode);
        Assert.Equal(1500m, (await yuki.Client.GetJsonAsync(transactions))[0].Number("amount"));
        Assert.Equal("JPY", (await sam.Client.GetJsonAsync($"/api/profiles/{yuki.ProfileId}/dashboard")).GetProperty("currency").GetString());
        // Sam's own profile stays in dollars.
        Assert.Equal("USD", (await sam.Client.GetJsonAsync($"/api/profiles/{sam.ProfileId}")).GetProperty("currency").GetString());
        using var database = factory.OpenDatabase();
        Assert.Equal(1500, DatabaseAudit.Scalar(database, $"SELECT amount FROM transactions WHERE budget_id = {budget}"));
    }

    [Fact]
    public async Task Deleting_the_account_of_a_member_takes_them_out_of_every_profile()
    {
        var (ann, bob) = await SharedAsync("editor");

        var deleted = await bob.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/auth/me") { Content = JsonContent.Create(new { password = bob.Password }) }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Single((await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members")).EnumerateArray());
    }

    [Fact]
    public async Task An_invitation_unanswered_for_14_days_cannot_be_accepted_and_the_admin_can_send_it_again()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var url = $"/api/profiles/{ann.ProfileId}/invitations";
        Assert.Equal(HttpStatusCode.Created, (await ann.Client.PostAsJsonAsync(url, new { email = bob.Email, role = "editor" }, Ct)).StatusCode);
        var invitationId = Assert.Single((await bob.Client.GetJsonAsync("/api/invitations")).EnumerateArray()).GetProperty("id").GetInt64();

        factory.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        await ann.SignInAgainAsync();
        await bob.SignInAgainAsync();
        Assert.Single((await bob.Client.GetJsonAsync("/api/invitations")).EnumerateArray());
        Assert.False(Assert.Single((await ann.Client.GetJsonAsync(url)).EnumerateArray()).GetProperty("expired").GetBoolean());

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var late = await bob.Client.PostAsync($"/api/invitations/{invitationId}/accept", null, Ct);

        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        Assert.Contains("expired", (await late.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Empty((await bob.Client.GetJsonAsync("/api/invitations")).EnumerateArray());
        Assert.Single((await bob.Client.GetJsonAsync("/api/profiles")).EnumerateArray());
        Assert.Single((await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members")).EnumerateArray());
        var expired = Assert.Single((await ann.Client.GetJsonAsync(url)).EnumerateArray());
        Assert.True(expired.GetProperty("expired").GetBoolean());

        var again = await ann.Client.PostAsJsonAsync(url, new { email = bob.Email, role = "viewer" }, Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await again.ReadJsonAsync()).GetProperty("expired").GetBoolean());
        var renewed = Assert.Single((await bob.Client.GetJsonAsync("/api/invitations")).EnumerateArray());
        Assert.Equal("viewer", renewed.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await bob.Client.PostAsync($"/api/invitations/{renewed.GetProperty("id").GetInt64()}/accept", null, Ct)).StatusCode);
        Assert.Equal(2, (await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members")).GetArrayLength());
    }

    [Fact]
    public async Task Expired_invitations_hold_no_place_under_the_limit_of_waiting_ones()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var url = $"/api/profiles/{ann.ProfileId}/invitations";
        for (var i = 0; i < Budget.Api.Common.Limits.PendingInvitationsPerProfile; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ann.Client.PostAsJsonAsync(url, new { email = $"x{i}-{Guid.NewGuid():N}@example.org", role = "viewer" }, Ct)).StatusCode);
        }
        factory.Clock.Advance(TimeSpan.FromDays(15));
        await ann.SignInAgainAsync();

        var fresh = await ann.Client.PostAsJsonAsync(url, new { email = $"fresh-{Guid.NewGuid():N}@example.org", role = "viewer" }, Ct);

        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        var waiting = Assert.Single((await ann.Client.GetJsonAsync(url)).EnumerateArray());
        Assert.False(waiting.GetProperty("expired").GetBoolean());
    }

    /// <summary>Days went by on the clock: the access tokens from registering have expired.</summary>
    private async Task<(TestUser Owner, TestUser Member)> SharedAsync(string role)
    {
        var owner = await TestUser.RegisterAsync(factory, "owner");
        var member = await TestUser.RegisterAsync(factory, role);
        await member.JoinAsync(owner, owner.ProfileId, role);
        return (owner, member);
    }

    private static async Task<long> MemberIdAsync(TestUser owner, TestUser member, long? profileId = null) =>
        (await owner.Client.GetJsonAsync($"/api/profiles/{profileId ?? owner.ProfileId}/members")).EnumerateArray()
            .Single(m => m.GetProperty("email").GetString() == member.Email).GetProperty("id").GetInt64();
}
