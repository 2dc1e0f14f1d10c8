using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class GoalsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Goals(TestUser user) => $"/api/profiles/{user.ProfileId}/goals";

    private long Scalar(string sql, long id)
    {
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return (long)command.ExecuteScalar()!;
    }

    private long GoalCount(TestUser user) => Scalar("select count(*) from goals where profile_id = $id", user.ProfileId);

    [Fact]
    public async Task A_goal_can_be_created_read_changed_and_deleted()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var created = await ann.Client.PostAsJsonAsync(Goals(ann), new { name = " Holiday ", target = 2000.50m, current = 500, deadline = "2030-06-01", priority = 2 }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var goal = await created.ReadJsonAsync();
        var id = goal.GetProperty("id").GetInt64();
        var url = $"{Goals(ann)}/{id}";
        Assert.Equal(url, created.Headers.Location?.AbsolutePath);
        Assert.Equal("Holiday", goal.GetProperty("name").GetString());
        Assert.Equal(2000.50m, goal.Number("target"));
        Assert.Equal(500m, goal.Number("current"));
        Assert.Equal("2030-06-01", goal.GetProperty("deadline").GetString());
        Assert.Equal(2, goal.GetProperty("priority").GetInt32());
        Assert.Equal(200050, Scalar("select target from goals where id = $id and typeof(target) = 'integer'", id));

        var changed = await ann.Client.PutAsJsonAsync(url, new { name = "Trip", target = 3000, current = 750, priority = 1 }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var read = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Trip", read.GetProperty("name").GetString());
        Assert.Equal(3000m, read.Number("target"));
        Assert.Equal(750m, read.Number("current"));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("deadline").ValueKind);
        Assert.Equal(1, read.GetProperty("priority").GetInt32());
        Assert.Equal(25m, read.Number("progress"));

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(0, GoalCount(ann));
    }

    [Fact]
    public async Task A_goal_needs_only_a_name_and_a_target()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.PostAsJsonAsync(Goals(ann), new { name = "Rainy day", target = 1000 }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var goal = await response.ReadJsonAsync();
        Assert.Equal(3, goal.GetProperty("priority").GetInt32());
        Assert.Equal(0m, goal.Number("current"));
        Assert.Equal(0m, goal.Number("progress"));
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("deadline").ValueKind);
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("projectedCompletion").ValueKind);
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("onTrack").ValueKind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Priority_runs_from_1_to_5(int priority)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var id = await ann.CreateAsync("goals", new { name = "Car", target = 1000, priority });

        Assert.Equal(priority, (await ann.Client.GetJsonAsync($"{Goals(ann)}/{id}")).GetProperty("priority").GetInt32());
    }

    [Theory]
    [InlineData("""{"name":"Car","target":1000,"priority":0}""", "priority")]
    [InlineData("""{"name":"Car","target":1000,"priority":6}""", "priority")]
    [InlineData("""{"name":"Car","target":1000,"priority":2.5}""", "priority")]
    [InlineData("""{"name":"Car","target":1000,"priority":"1"}""", "priority")]
    [InlineData("""{"name":"Car","target":0}""", "target")]
    [InlineData("""{"name":"Car","target":-100}""", "target")]
    [InlineData("""{"name":"Car","target":10.001}""", "target")]
    [InlineData("""{"name":"Car","target":1000000000000.01}""", "target")]
    [InlineData("""{"name":"Car","target":1000,"current":-0.01}""", "current")]
    [InlineData("""{"name":"Car","target":1000,"current":0.005}""", "current")]
    [InlineData("""{"name":"Car","target":1000,"deadline":"2030-02-30"}""", "deadline")]
    [InlineData("""{"name":"Car","target":1000,"deadline":"2200-01-01"}""", "deadline")]
    [InlineData("""{"name":"Car","target":1000,"progress":50}""", "progress")]
    [InlineData("""{"name":" ","target":1000}""", "name")]
    [InlineData("""{"name":"Car"}""", "target")]
    public async Task Bad_goals_are_refused_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Goals(ann), body);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Equal(0, GoalCount(ann));
    }

    [Fact]
    public async Task A_bad_change_leaves_the_goal_as_it_was()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await ann.CreateAsync("goals", new { name = "Car", target = 1000, current = 100, priority = 2 });

        var response = await ann.Client.PutAsJsonAsync($"{Goals(ann)}/{id}", new { name = "Boat", target = 5000, current = 200, priority = 6 }, Ct);

        Assert.Equal(["priority"], await response.ProblemFieldsAsync());
        var goal = await ann.Client.GetJsonAsync($"{Goals(ann)}/{id}");
        Assert.Equal("Car", goal.GetProperty("name").GetString());
        Assert.Equal(1000m, goal.Number("target"));
        Assert.Equal(100m, goal.Number("current"));
        Assert.Equal(2, goal.GetProperty("priority").GetInt32());
    }

    [Theory]
    [InlineData(300, 100, 33.3)]
    [InlineData(300, 200, 66.6)]
    [InlineData(1000, 999.99, 99.9)]
    [InlineData(1000, 0, 0)]
    public async Task Progress_is_the_percent_of_the_target_saved(decimal target, decimal current, decimal progress)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var id = await ann.CreateAsync("goals", new { name = "Car", target, current });

        Assert.Equal(progress, (await ann.Client.GetJsonAsync($"{Goals(ann)}/{id}")).Number("progress"));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1500)]
    public async Task A_reached_goal_is_at_least_100_percent_on_track_and_has_no_projection(decimal current)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var deadline = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd");
        var id = await ann.CreateAsync("goals", new { name = "Car", target = 1000, current = 100, deadline });

        var response = await ann.Client.PutAsJsonAsync($"{Goals(ann)}/{id}", new { name = "Car", target = 1000, current, deadline }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var goal = await ann.Client.GetJsonAsync($"{Goals(ann)}/{id}");
        Assert.Equal(current / 10, goal.Number("progress"));
        Assert.True(goal.Number("progress") >= 100);
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("projectedCompletion").ValueKind);
        Assert.True(goal.GetProperty("onTrack").GetBoolean());
    }

    [Fact]
    public async Task There_is_no_projection_on_the_day_a_goal_is_set_however_much_is_added()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var created = await ann.Client.PostAsJsonAsync(Goals(ann), new { name = "Car", target = 1000, current = 100 }, Ct);
        var set = await created.ReadJsonAsync();
        var id = set.GetProperty("id").GetInt64();

        var changed = await ann.Client.PutAsJsonAsync($"{Goals(ann)}/{id}", new { name = "Car", target = 1000, current = 900 }, Ct);

        Assert.Equal(JsonValueKind.Null, set.GetProperty("projectedCompletion").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await changed.ReadJsonAsync()).GetProperty("projectedCompletion").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await ann.Client.GetJsonAsync($"{Goals(ann)}/{id}")).GetProperty("projectedCompletion").ValueKind);
    }

    [Fact]
    public async Task The_list_puts_the_most_important_then_the_soonest_goals_first()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var someday = await ann.CreateAsync("goals", new { name = "Someday", target = 100, priority = 1 });
        var later = await ann.CreateAsync("goals", new { name = "Later", target = 100, priority = 1, deadline = "2031-01-01" });
        var sooner = await ann.CreateAsync("goals", new { name = "Sooner", target = 100, priority = 1, deadline = "2030-01-01" });
        var minor = await ann.CreateAsync("goals", new { name = "Minor", target = 100, priority = 5, deadline = "2029-01-01" });
        var usual = await ann.CreateAsync("goals", new { name = "Usual", target = 100 });

        var list = await ann.Client.GetJsonAsync(Goals(ann));

        Assert.Equal([sooner, later, someday, usual, minor], list.EnumerateArray().Select(g => g.GetProperty("id").GetInt64()));
    }

    public static TheoryData<string, string> OwnerRoutes => new()
    {
        { "GET", "goals" },
        { "GET", "goals/{goal}" },
        { "POST", "goals" },
        { "PUT", "goals/{goal}" },
        { "DELETE", "goals/{goal}" },
    };

    public static TheoryData<string, string> GoalRoutes => new()
    {
        { "GET", "goals/{goal}" },
        { "PUT", "goals/{goal}" },
        { "DELETE", "goals/{goal}" },
    };

    private static Task<HttpResponseMessage> SendAsync(TestUser user, string method, string url) =>
        method is "POST" or "PUT"
            ? user.Client.SendJsonAsync(new HttpMethod(method), url, """{"name":"Taken","target":1,"current":1}""")
            : user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);

    private async Task AssertUntouchedAsync(TestUser owner, long goalId)
    {
        var goal = await owner.Client.GetJsonAsync($"{Goals(owner)}/{goalId}");
        Assert.Equal("Car", goal.GetProperty("name").GetString());
        Assert.Equal(1000m, goal.Number("target"));
        Assert.Equal(1, GoalCount(owner));
    }

    [Theory]
    [MemberData(nameof(OwnerRoutes))]
    public async Task Another_users_goals_are_404(string method, string route)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var goalId = await ann.CreateAsync("goals", new { name = "Car", target = 1000 });
        var eve = await TestUser.RegisterAsync(factory, "eve");

        var response = await SendAsync(eve, method, $"/api/profiles/{ann.ProfileId}/{route.Replace("{goal}", goalId.ToString())}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertUntouchedAsync(ann, goalId);
    }

    [Theory]
    [MemberData(nameof(GoalRoutes))]
    public async Task Another_users_goal_is_404_under_my_own_profile(string method, string route)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var goalId = await ann.CreateAsync("goals", new { name = "Car", target = 1000 });
        var eve = await TestUser.RegisterAsync(factory, "eve");

        var response = await SendAsync(eve, method, $"/api/profiles/{eve.ProfileId}/{route.Replace("{goal}", goalId.ToString())}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertUntouchedAsync(ann, goalId);
    }
}

/// <summary>Moves its own factory's clock, so other classes' "today" stays put.</summary>
public sealed class GoalPaceApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record GoalBody(string Name, decimal Target, decimal Current, string? Deadline);

    /// <summary>Days pass and the user comes back: their access token has long expired, so they sign in again.</summary>
    private async Task ComeBackAfterAsync(TestUser user, int days)
    {
        factory.Clock.Advance(TimeSpan.FromDays(days));
        await user.SignInAgainAsync();
    }

    [Fact]
    public async Task The_projection_follows_the_pace_saved_since_the_goal_was_set()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var goals = $"/api/profiles/{ann.ProfileId}/goals";
        var setOn = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        string Day(int days) => setOn.AddDays(days).ToString("yyyy-MM-dd");
        var bodies = new Dictionary<string, GoalBody>
        {
            ["open-ended"] = new("Open-ended", 1000, 100, null),
            ["in time"] = new("In time", 1000, 100, Day(36)),
            ["a day late"] = new("A day late", 1000, 100, Day(35)),
            ["reached"] = new("Reached", 1000, 100, Day(10)),
            ["idle"] = new("Idle", 1000, 100, Day(300)),
        };
        var ids = new Dictionary<string, long>();
        foreach (var (key, body) in bodies)
        {
            ids[key] = await ann.CreateAsync("goals", body);
        }
        async Task<JsonElement> Get(string key) => await ann.Client.GetJsonAsync($"{goals}/{ids[key]}");
        async Task Save(string key, decimal current)
        {
            var response = await ann.Client.PutAsJsonAsync($"{goals}/{ids[key]}", bodies[key] with { Current = current }, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        foreach (var key in ids.Keys)
        {
            Assert.Equal(JsonValueKind.Null, (await Get(key)).GetProperty("projectedCompletion").ValueKind);
        }

        // Four days later 100 more is saved: 25 a day, so the remaining 800 takes 32 more days.
        await ComeBackAfterAsync(ann, 4);
        await Save("open-ended", 200);
        await Save("in time", 200);
        await Save("a day late", 200);
        await Save("reached", 1000);

        var openEnded = await Get("open-ended");
        Assert.Equal(Day(36), openEnded.GetProperty("projectedCompletion").GetString());
        Assert.Equal(20m, openEnded.Number("progress"));
        Assert.Equal(JsonValueKind.Null, openEnded.GetProperty("onTrack").ValueKind);
        Assert.Equal(Day(36), (await Get("in time")).GetProperty("projectedCompletion").GetString());
        Assert.True((await Get("in time")).GetProperty("onTrack").GetBoolean());
        Assert.False((await Get("a day late")).GetProperty("onTrack").GetBoolean());
        var reached = await Get("reached");
        Assert.Equal(100m, reached.Number("progress"));
        Assert.Equal(JsonValueKind.Null, reached.GetProperty("projectedCompletion").ValueKind);
        Assert.True(reached.GetProperty("onTrack").GetBoolean());
        var idle = await Get("idle");
        Assert.Equal(JsonValueKind.Null, idle.GetProperty("projectedCompletion").ValueKind);
        Assert.False(idle.GetProperty("onTrack").GetBoolean());

        // Two idle days later the pace has slowed to 100 in 6 days: the remaining 800 now takes 48 days.
        await ComeBackAfterAsync(ann, 2);
        var list = await ann.Client.GetJsonAsync(goals);

        var slowed = Assert.Single(list.EnumerateArray(), g => g.GetProperty("id").GetInt64() == ids["in time"]);
        Assert.Equal(Day(54), slowed.GetProperty("projectedCompletion").GetString());
        Assert.False(slowed.GetProperty("onTrack").GetBoolean());
    }
}
