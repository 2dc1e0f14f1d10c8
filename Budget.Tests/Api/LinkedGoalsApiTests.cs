using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Attack;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>Goals linked to a savings or investment node: they follow its balance and plan from the flows into it.</summary>
public sealed class LinkedGoalsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Goals(TestUser user) => $"/api/profiles/{user.ProfileId}/goals";

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);

    /// <summary>A savings node holding 1,000.00 with 100.00 a month planned into it from the salary.</summary>
    private static async Task<long> SavingsAsync(TestUser user, decimal apy = 0, string type = "savings")
    {
        var salary = await user.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 3000 });
        var savings = await user.CreateAsync("nodes", new { type, label = "Rainy day", balance = 1000, apy });
        await user.CreateAsync("flows", new { fromNodeId = salary, toNodeId = savings, amount = 60 });
        await user.CreateAsync("flows", new { fromNodeId = salary, toNodeId = savings, amount = 40, label = "round-up" });
        return savings;
    }

    private string Dump()
    {
        using var db = factory.OpenDatabase();
        return DatabaseAudit.Dump(db);
    }

    [Fact]
    public async Task A_linked_goal_shows_the_node_balance_and_projects_from_the_monthly_flow_into_it()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var savings = await SavingsAsync(ann);
        var deadline = Today.AddMonths(6);

        var response = await ann.Client.PostAsJsonAsync(Goals(ann), new { name = "Sofa", target = 2200, current = 5, deadline = deadline.ToString("yyyy-MM-dd"), nodeId = savings }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var goal = await response.ReadJsonAsync();
        Assert.Equal(savings, goal.GetProperty("nodeId").GetInt64());
        Assert.Equal(1000m, goal.Number("current"));
        Assert.Equal(45.4m, goal.Number("progress"));
        Assert.Equal(100m, goal.Number("monthlySaving"));
        // 1,200.00 to go at 100.00 a month: a year, so the six-month deadline is missed by 1,200 − 600 = 600.00 and
        // six months need 100.00 more each.
        Assert.Equal(Today.AddMonths(12).ToString("yyyy-MM-dd"), goal.GetProperty("projectedCompletion").GetString());
        Assert.False(goal.GetProperty("onTrack").GetBoolean());
        Assert.Equal(100m, goal.Number("extraMonthlyNeeded"));
    }

    [Fact]
    public async Task The_apy_brings_the_date_forward_and_lowers_what_more_is_needed()
    {
        var ann = await TestUser.RegisterAsync(factory);
        // 1.01^12 − 1 to the four decimals a node keeps: 1 % a month, to the cent on these amounts.
        var savings = await SavingsAsync(ann, apy: 12.6825m);

        var goal = await (await ann.Client.PostAsJsonAsync(Goals(ann),
            new { name = "Sofa", target = 2200, deadline = Today.AddMonths(6).ToString("yyyy-MM-dd"), nodeId = savings }, Ct)).ReadJsonAsync();

        // Month by month: 1,110.00, 1,221.10, 1,333.31, 1,446.64, 1,561.11, 1,676.72, 1,793.49, 1,911.42, 2,030.53, 2,150.84, 2,272.35.
        Assert.Equal(Today.AddMonths(11).ToString("yyyy-MM-dd"), goal.GetProperty("projectedCompletion").GetString());
        // Six months of 1 % on 1,000.00 leave 2,200.00 − 1,061.52 to save: 1,138.48 over the annuity factor 6.152 is
        // 185.059…, and month by month 185.06 is the smallest saving in whole cents that gets there: 85.06 more.
        Assert.Equal(85.06m, goal.Number("extraMonthlyNeeded"));
    }

    [Fact]
    public async Task The_goal_follows_the_node_when_its_balance_or_flows_change()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var savings = await SavingsAsync(ann);
        var goalId = await ann.CreateAsync("goals", new { name = "Sofa", target = 2200, nodeId = savings });

        var put = await ann.Client.PutAsJsonAsync($"/api/profiles/{ann.ProfileId}/nodes/{savings}", new { type = "savings", label = "Rainy day", balance = 2000 }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var goal = await ann.Client.GetJsonAsync($"{Goals(ann)}/{goalId}");
        Assert.Equal(2000m, goal.Number("current"));
        Assert.Equal(Today.AddMonths(2).ToString("yyyy-MM-dd"), goal.GetProperty("projectedCompletion").GetString());
        var listed = (await ann.Client.GetJsonAsync(Goals(ann))).EnumerateArray().Single();
        Assert.Equal(2000m, listed.Number("current"));
        var dashboard = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/dashboard");
        Assert.Equal(2000m, dashboard.GetProperty("goals")[0].Number("current"));
        Assert.Equal(100m, dashboard.GetProperty("goals")[0].Number("monthlySaving"));
    }

    [Fact]
    public async Task An_investment_node_can_be_linked_too_and_an_edit_can_unlink_the_goal()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var fund = await SavingsAsync(ann, type: "investment");
        var goalId = await ann.CreateAsync("goals", new { name = "Retire", target = 100000, nodeId = fund });

        var unlinked = await ann.Client.PutAsJsonAsync($"{Goals(ann)}/{goalId}", new { name = "Retire", target = 100000, current = 10 }, Ct);

        var goal = await unlinked.ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("nodeId").ValueKind);
        Assert.Equal(10m, goal.Number("current"));
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("monthlySaving").ValueKind);
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("extraMonthlyNeeded").ValueKind);
    }

    [Fact]
    public async Task Deleting_the_node_leaves_the_goal_unlinked_with_its_last_saved_amount()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var savings = await SavingsAsync(ann);
        var goalId = await ann.CreateAsync("goals", new { name = "Sofa", target = 2200, nodeId = savings });

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/nodes/{savings}", Ct)).StatusCode);

        var goal = await ann.Client.GetJsonAsync($"{Goals(ann)}/{goalId}");
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("nodeId").ValueKind);
        Assert.Equal(1000m, goal.Number("current"));
    }

    [Theory]
    [InlineData("expense")]
    [InlineData("account")]
    [InlineData("income")]
    [InlineData("debt")]
    public async Task Only_a_savings_or_investment_node_can_be_linked(string type)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var node = await ann.CreateAsync("nodes", new { type, label = "Not savings" });
        var before = Dump();

        var response = await ann.Client.PostAsJsonAsync(Goals(ann), new { name = "Sofa", target = 2200, nodeId = node }, Ct);

        Assert.Equal(["nodeId"], await response.ProblemFieldsAsync());
        Assert.Equal(before, Dump());
    }

    [Fact]
    public async Task A_node_of_another_profile_or_user_or_none_at_all_cannot_be_linked()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        var bobs = await SavingsAsync(bob);
        var annsOtherProfile = await ann.CreateAsync("../../profiles", new { name = "Parents" }, profileId: 0);
        var otherProfiles = await ann.CreateAsync("nodes", new { type = "savings", label = "Theirs" }, annsOtherProfile);
        var goalId = await ann.CreateAsync("goals", new { name = "Sofa", target = 2200 });
        var before = Dump();

        foreach (var nodeId in new[] { bobs, otherProfiles, 999_999_999 })
        {
            var created = await ann.Client.PostAsJsonAsync(Goals(ann), new { name = "Sofa", target = 2200, nodeId }, Ct);
            Assert.Equal(["nodeId"], await created.ProblemFieldsAsync());
            var edited = await ann.Client.PutAsJsonAsync($"{Goals(ann)}/{goalId}", new { name = "Sofa", target = 2200, nodeId }, Ct);
            Assert.Equal(["nodeId"], await edited.ProblemFieldsAsync());
        }
        Assert.Equal(before, Dump());
    }

    [Fact]
    public async Task Another_user_cannot_link_my_goal_or_read_it()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        var savings = await SavingsAsync(ann);
        var goalId = await ann.CreateAsync("goals", new { name = "Sofa", target = 2200, nodeId = savings });

        var read = await bob.Client.GetAsync($"{Goals(ann)}/{goalId}", Ct);
        var edit = await bob.Client.PutAsJsonAsync($"{Goals(ann)}/{goalId}", new { name = "Mine", target = 1, nodeId = savings }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
    }
}
