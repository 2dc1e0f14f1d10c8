using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Api.Schedules;
using Budget.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Api;

/// <summary>
/// Recurring transactions: schedules on a budget, and the transactions they create by themselves, exactly once,
/// in the household's time zone, also after downtime and with two instances racing.
/// </summary>
public sealed class SchedulesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Schedules(TestUser user, long budgetId) => $"/api/profiles/{user.ProfileId}/budgets/{budgetId}/schedules";

    private static DateOnly TodayOf(ApiFactory api) => DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd");

    private static string WeekdayOf(DateOnly date) => date.DayOfWeek.ToString().ToLowerInvariant();

    private static Task<long> CreateBudgetAsync(TestUser user, string name = "Home") =>
        user.CreateAsync("budgets", new { name, budgeted = 2000, period = "monthly" });

    /// <summary>A weekly schedule on <paramref name="start"/>'s weekday.</summary>
    private static object Weekly(DateOnly start, decimal amount = 25, string? note = "cleaner") =>
        new { amount, note, frequency = "weekly", weekday = WeekdayOf(start), startDate = Iso(start) };

    private static (string Date, long Amount, long? ScheduleId, string? ScheduledFor)[] Created(ApiFactory api, long budgetId)
    {
        using var db = api.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "select date, amount, schedule_id, scheduled_for from transactions where budget_id = $id order by date, id";
        command.Parameters.AddWithValue("$id", budgetId);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long, long?, string?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return [.. rows];
    }

    private static Task<int> PassAsync(ApiFactory api) => api.Services.GetRequiredService<RecurringTransactions>().RunAsync(Ct);

    /// <summary>Waits (up to ten seconds) for the background service to have done what <paramref name="done"/> checks.</summary>
    private static async Task EventuallyAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task A_schedule_starting_in_the_past_creates_its_transactions_at_once_marked_recurring_and_counted_in_the_budget()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var today = TodayOf(factory);
        var start = today.AddDays(-14);

        var response = await ann.Client.PostAsJsonAsync(Schedules(ann, budgetId), Weekly(start, 25.5m), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var schedule = await response.ReadJsonAsync();
        var id = schedule.GetProperty("id").GetInt64();
        Assert.Equal($"{Schedules(ann, budgetId)}/{id}", response.Headers.Location?.AbsolutePath);
        Assert.Equal(Iso(today.AddDays(7)), schedule.GetProperty("nextOccurrence").GetString());
        Assert.Equal(1, schedule.GetProperty("interval").GetInt32());
        Assert.Equal(WeekdayOf(start), schedule.GetProperty("weekday").GetString());
        var transactions = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/transactions");
        Assert.Equal([Iso(today), Iso(today.AddDays(-7)), Iso(start)], transactions.EnumerateArray().Select(t => t.GetProperty("date").GetString()));
        Assert.All(transactions.EnumerateArray(), t =>
        {
            Assert.True(t.GetProperty("recurring").GetBoolean());
            Assert.Equal(id, t.GetProperty("scheduleId").GetInt64());
            Assert.Equal(25.5m, t.Number("amount"));
            Assert.Equal("cleaner", t.GetProperty("note").GetString());
        });
        var budget = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/budgets/{budgetId}?date={Iso(today)}");
        var inThisMonth = new[] { today, today.AddDays(-7), start }.Count(d => d.Month == today.Month && d.Year == today.Year);
        Assert.Equal(25.5m * inThisMonth, budget.Number("spent"));
        Assert.Equal(0, await PassAsync(factory));
    }

    [Fact]
    public async Task A_schedule_can_be_read_listed_edited_and_deleted_and_deleting_it_keeps_what_it_created()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var today = TodayOf(factory);
        var id = await ann.CreateAsync($"budgets/{budgetId}/schedules",
            new { amount = 950, note = "Rent", frequency = "monthly", dayOfMonth = today.Day, startDate = Iso(today.AddMonths(-1)) });
        var url = $"{Schedules(ann, budgetId)}/{id}";

        var read = await ann.Client.GetJsonAsync(url);
        var list = await ann.Client.GetJsonAsync(Schedules(ann, budgetId));
        Assert.Equal("monthly", read.GetProperty("frequency").GetString());
        Assert.Equal(today.Day, read.GetProperty("dayOfMonth").GetInt32());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("weekday").ValueKind);
        Assert.Equal([id], list.EnumerateArray().Select(s => s.GetProperty("id").GetInt64()));

        var edited = await ann.Client.PutAsJsonAsync(url,
            new { amount = 975, note = "Rent (new lease)", frequency = "monthly", dayOfMonth = today.Day, startDate = Iso(today.AddMonths(-1)), version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var after = await edited.ReadJsonAsync();
        Assert.Equal(975m, after.Number("amount"));
        Assert.Equal(2, after.GetProperty("version").GetInt64());

        var stale = await ann.Client.PutAsJsonAsync(url,
            new { amount = 1, frequency = "monthly", dayOfMonth = 1, startDate = Iso(today), version = 1 }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        var kept = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/transactions");
        Assert.Equal(2, kept.GetArrayLength());
        Assert.All(kept.EnumerateArray(), t =>
        {
            Assert.True(t.GetProperty("recurring").GetBoolean());
            Assert.Equal(JsonValueKind.Null, t.GetProperty("scheduleId").ValueKind);
            Assert.Equal(950m, t.Number("amount"));
        });
    }

    [Theory]
    [InlineData("""{"amount":0,"frequency":"monthly","dayOfMonth":1,"startDate":"{today}"}""", "amount")]
    [InlineData("""{"amount":1.234,"frequency":"monthly","dayOfMonth":1,"startDate":"{today}"}""", "amount")]
    [InlineData("""{"amount":10,"frequency":"daily","dayOfMonth":1,"startDate":"{today}"}""", "frequency")]
    [InlineData("""{"amount":10,"frequency":"monthly","startDate":"{today}"}""", "dayOfMonth")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":32,"startDate":"{today}"}""", "dayOfMonth")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":0,"startDate":"{today}"}""", "dayOfMonth")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"weekday":"monday","startDate":"{today}"}""", "weekday")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"month":3,"startDate":"{today}"}""", "month")]
    [InlineData("""{"amount":10,"frequency":"weekly","startDate":"{today}"}""", "weekday")]
    [InlineData("""{"amount":10,"frequency":"weekly","weekday":"funday","startDate":"{today}"}""", "weekday")]
    [InlineData("""{"amount":10,"frequency":"weekly","weekday":"monday","dayOfMonth":3,"startDate":"{today}"}""", "dayOfMonth")]
    [InlineData("""{"amount":10,"frequency":"yearly","dayOfMonth":1,"startDate":"{today}"}""", "month")]
    [InlineData("""{"amount":10,"frequency":"yearly","dayOfMonth":1,"month":13,"startDate":"{today}"}""", "month")]
    [InlineData("""{"amount":10,"frequency":"yearly","dayOfMonth":30,"month":2,"startDate":"{today}"}""", "dayOfMonth")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"interval":0,"startDate":"{today}"}""", "interval")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"interval":53,"startDate":"{today}"}""", "interval")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"startDate":"{yearAndTwoDaysAgo}"}""", "startDate")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"startDate":"2200-01-01"}""", "startDate")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"startDate":"{today}","endDate":"{yesterday}"}""", "endDate")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1}""", "startDate")]
    [InlineData("""{"amount":10,"frequency":"monthly","dayOfMonth":1,"startDate":"{today}","version":1}""", "version")]
    public async Task A_bad_schedule_is_refused_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var today = TodayOf(factory);
        var json = body.Replace("{today}", Iso(today)).Replace("{yesterday}", Iso(today.AddDays(-1))).Replace("{yearAndTwoDaysAgo}", Iso(today.AddDays(-367)));

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Schedules(ann, budgetId), json);

        var fields = await response.ProblemFieldsAsync();
        Assert.Contains(fields, f => string.Equals(f.TrimStart('$', '.'), field, StringComparison.OrdinalIgnoreCase));
        Assert.Empty((await ann.Client.GetJsonAsync(Schedules(ann, budgetId))).EnumerateArray());
        Assert.Empty(Created(factory, budgetId));
    }

    [Fact]
    public async Task Another_users_budget_and_schedule_are_404_and_untouched()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var id = await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(TodayOf(factory).AddDays(1)));
        var theirs = $"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/schedules";
        var underBob = $"/api/profiles/{bob.ProfileId}/budgets/{budgetId}/schedules";

        foreach (var url in new[] { theirs, underBob })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"{url}/{id}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsJsonAsync(url, Weekly(TodayOf(factory)), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsJsonAsync($"{url}/{id}", Weekly(TodayOf(factory), 1), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync($"{url}/{id}", Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/profiles/{ann.ProfileId}/upcoming", Ct)).StatusCode);
        Assert.Empty((await bob.Client.GetJsonAsync($"/api/profiles/{bob.ProfileId}/upcoming")).EnumerateArray());
        var still = await ann.Client.GetJsonAsync($"{theirs}/{id}");
        Assert.Equal(25m, still.Number("amount"));
        Assert.Empty(Created(factory, budgetId));
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_makes_one_schedule_and_its_transactions_once()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var body = JsonSerializer.Serialize(Weekly(TodayOf(factory).AddDays(-21)));
        var key = Guid.NewGuid().ToString();

        Task<HttpResponseMessage> PostAsync() => ann.Client.PostWithIdempotencyKeyAsync(Schedules(ann, budgetId), key, body);
        var answers = await Task.WhenAll(PostAsync(), PostAsync(), PostAsync(), PostAsync());

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => a.Headers.Location).Distinct());
        Assert.Single((await ann.Client.GetJsonAsync(Schedules(ann, budgetId))).EnumerateArray());
        Assert.Equal(4, Created(factory, budgetId).Length);
    }

    [Fact]
    public async Task Deleting_a_created_transaction_does_not_bring_it_back()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(TodayOf(factory).AddDays(-7)));
        var transactions = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/transactions");
        var oldest = transactions[1].GetProperty("id").GetInt64();

        await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/transactions/{oldest}", Ct);
        await PassAsync(factory);

        Assert.Single(Created(factory, budgetId));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_transaction_for_the_same_occurrence()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var today = TodayOf(factory);
        var id = await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(today));

        using var db = factory.OpenDatabase();
        using var insert = db.CreateCommand();
        insert.CommandText = "insert into transactions (budget_id, amount, date, created_at, schedule_id, scheduled_for) values ($budget, 2500, $date, '2026-01-01 00:00:00', $schedule, $date)";
        insert.Parameters.AddWithValue("$budget", budgetId);
        insert.Parameters.AddWithValue("$schedule", id);
        insert.Parameters.AddWithValue("$date", Iso(today));
        var error = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: the unique (schedule, occurrence) index
        Assert.Single(Created(factory, budgetId));
    }

    [Fact]
    public async Task After_the_app_was_down_for_weeks_it_catches_up_every_occurrence_once()
    {
        var data = Directory.CreateTempSubdirectory("budget-recurring-").FullName;
        try
        {
            var before = ApiFactory.On(data);
            var ann = await TestUser.RegisterAsync(before);
            var budgetId = await CreateBudgetAsync(ann);
            var today = TodayOf(before);
            await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(today));
            await before.DisposeAsync();

            before.Clock.Advance(TimeSpan.FromDays(22));
            await using var after = before.Restarted();
            _ = after.CreateClient();

            var expected = new[] { 0, 7, 14, 21 }.Select(days => Iso(today.AddDays(days))).ToArray();
            await EventuallyAsync(() => Created(after, budgetId).Length >= 4, "the start-up pass has caught up");
            Assert.Equal(0, await PassAsync(after));
            Assert.Equal(expected, Created(after, budgetId).Select(t => t.Date));
            Assert.Equal(expected, Created(after, budgetId).Select(t => t.ScheduledFor));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Two_instances_on_one_database_racing_through_the_same_days_create_each_occurrence_once()
    {
        await using var first = new ApiFactory();
        await using var second = first.Restarted();
        var ann = await TestUser.RegisterAsync(first);
        _ = second.CreateClient();
        var today = TodayOf(first);
        var budgets = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var budgetId = await CreateBudgetAsync(ann, $"Budget {i}");
            await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(today.AddDays(i)));
            await ann.CreateAsync($"budgets/{budgetId}/schedules", new { amount = 3, frequency = "monthly", dayOfMonth = 31, startDate = Iso(today) });
            budgets.Add(budgetId);
        }

        // The fake clock runs the services' wake-ups on the thread that advances it, each at its own time: the alert
        // scans and hourly looks of the rest of today run here first, outside the race (under the lock, hundreds of
        // them could take longer than the wait for the new day below).
        var untilLastMinuteOfToday = today.AddDays(1).ToDateTime(TimeOnly.MinValue) - first.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1);
        untilLastMinuteOfToday = untilLastMinuteOfToday > TimeSpan.Zero ? untilLastMinuteOfToday : TimeSpan.Zero;
        first.Clock.Advance(untilLastMinuteOfToday);

        // Both instances' background services wake for the new days at once, and four more passes join them, all
        // held at the start line by a writer that has the database: they are released into each other together.
        Task[] passes;
        using (new WriteLockHold(first))
        {
            // Not on this thread, which holds the lock the services' passes wait for.
            var advancing = Task.Run(() => first.Clock.Advance(TimeSpan.FromDays(70) - untilLastMinuteOfToday), Ct);
            await EventuallyAsync(() => TodayOf(first) > today, "the clock has moved on");
            passes = [.. Enumerable.Range(0, 4).Select(i => Task.Run(() => PassAsync(i % 2 == 0 ? first : second), Ct)), advancing];
            await Task.Delay(500, Ct);
        }
        await Task.WhenAll(passes);
        await Task.Delay(300, Ct);
        await Task.WhenAll(PassAsync(first), PassAsync(second));

        var newToday = today.AddDays(70);
        foreach (var (budgetId, i) in budgets.Select((b, i) => (b, i)))
        {
            var weekly = new Recurrence(Frequency.Weekly, 1, (Weekday)(((int)today.AddDays(i).DayOfWeek + 6) % 7 + 1), null, null, today.AddDays(i), null);
            var monthly = new Recurrence(Frequency.Monthly, 1, null, 31, null, today, null);
            var expected = weekly.Between(today.AddDays(-1), newToday).Concat(monthly.Between(today.AddDays(-1), newToday)).Order().Select(Iso);
            var created = Created(first, budgetId);
            Assert.Equal(expected, created.Select(t => t.Date).Order());
            Assert.Equal(created.Length, created.Select(t => (t.ScheduleId, t.ScheduledFor)).Distinct().Count());
        }
    }

    [Fact]
    public async Task An_edit_applies_from_tomorrow_and_what_was_created_keeps_its_old_terms()
    {
        await using var api = new ApiFactory();
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await CreateBudgetAsync(ann);
        var today = TodayOf(api);
        var id = await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(today.AddDays(-7), 25));

        // Moved to tomorrow's weekday, as 30: today is not created again under the new terms, tomorrow is.
        var edited = await ann.Client.PutAsJsonAsync($"{Schedules(ann, budgetId)}/{id}", Weekly(today.AddDays(1), 30), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(Iso(today.AddDays(1)), (await edited.ReadJsonAsync()).GetProperty("nextOccurrence").GetString());
        api.Clock.Advance(TimeSpan.FromDays(1));
        await PassAsync(api);

        Assert.Equal(
            [(Iso(today.AddDays(-7)), 2500L), (Iso(today), 2500L), (Iso(today.AddDays(1)), 3000L)],
            Created(api, budgetId).Select(t => (t.Date, t.Amount)));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_writes_nothing_not_even_the_occurrence_that_fell_due()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var today = TodayOf(factory);
        var id = await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(today, 25));
        var url = $"{Schedules(ann, budgetId)}/{id}";
        Assert.Equal(HttpStatusCode.OK, (await ann.Client.PutAsJsonAsync(url, new { amount = 26, frequency = "weekly", weekday = WeekdayOf(today), startDate = Iso(today), version = 1 }, Ct)).StatusCode);
        // Today's occurrence not created yet, as if the background pass had not run since midnight.
        using (var db = factory.OpenDatabase())
        {
            using var command = db.CreateCommand();
            command.CommandText = "delete from transactions where schedule_id = $id; update schedules set handled_through = $yesterday where id = $id";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$yesterday", Iso(today.AddDays(-1)));
            command.ExecuteNonQuery();
        }

        var stale = await ann.Client.PutAsJsonAsync(url, new { amount = 30, frequency = "weekly", weekday = WeekdayOf(today), startDate = Iso(today), version = 1 }, Ct);
        var invalid = await ann.Client.PutAsJsonAsync(url, new { amount = 0, frequency = "weekly", weekday = WeekdayOf(today), startDate = Iso(today), version = 2 }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Empty(Created(factory, budgetId));
        var current = await ann.Client.GetJsonAsync(url);
        Assert.Equal(26m, current.Number("amount"));
        Assert.Equal(2, current.GetProperty("version").GetInt64());
        // The edit with the current version creates today's occurrence under the terms it replaces.
        Assert.Equal(HttpStatusCode.OK, (await ann.Client.PutAsJsonAsync(url, new { amount = 30, frequency = "weekly", weekday = WeekdayOf(today), startDate = Iso(today), version = 2 }, Ct)).StatusCode);
        Assert.Equal([(Iso(today), 2600L)], Created(factory, budgetId).Select(t => (t.Date, t.Amount)));
    }

    [Fact]
    public async Task The_upcoming_list_shows_the_next_thirty_days_by_date_across_budgets()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var today = TodayOf(factory);
        var home = await CreateBudgetAsync(ann, "Home");
        var car = await CreateBudgetAsync(ann, "Car");
        await ann.CreateAsync($"budgets/{home}/schedules", Weekly(today.AddDays(-1), 25, "cleaner"));
        await ann.CreateAsync($"budgets/{car}/schedules", new { amount = 80, note = "insurance", frequency = "yearly", month = today.AddDays(40).Month, dayOfMonth = today.AddDays(40).Day, startDate = Iso(today) });

        var upcoming = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/upcoming");
        var longer = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/upcoming?days=45");

        Assert.Equal(new[] { 6, 13, 20, 27 }.Select(d => Iso(today.AddDays(d))), upcoming.EnumerateArray().Select(o => o.GetProperty("date").GetString()));
        Assert.All(upcoming.EnumerateArray(), o =>
        {
            Assert.Equal("Home", o.GetProperty("budgetName").GetString());
            Assert.Equal(home, o.GetProperty("budgetId").GetInt64());
            Assert.Equal("cleaner", o.GetProperty("note").GetString());
            Assert.Equal(25m, o.Number("amount"));
        });
        Assert.Contains(longer.EnumerateArray(), o => o.GetProperty("budgetName").GetString() == "Car" && o.GetProperty("date").GetString() == Iso(today.AddDays(40)));
        foreach (var bad in new[] { "0", "93", "soon" })
        {
            Assert.Equal(["days"], await (await ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/upcoming?days={bad}", Ct)).ProblemFieldsAsync());
        }
    }

    [Fact]
    public async Task The_forecast_shows_scheduled_spending_per_month_per_budget_and_in_total_even_without_history()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var today = TodayOf(factory);
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        var home = await CreateBudgetAsync(ann, "Home");
        // The 1st of every month: this month's has been created (a transaction, not scheduled), the next three are scheduled.
        await ann.CreateAsync($"budgets/{home}/schedules", new { amount = 950, frequency = "monthly", dayOfMonth = 1, startDate = Iso(firstOfMonth) });

        var forecast = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/forecast?months=4&date={Iso(today)}");

        var expected = new[] { 0m, 950m, 950m, 950m };
        Assert.Equal(expected, forecast.GetProperty("total").GetProperty("scheduled").EnumerateArray().Select(m => m.Number("amount")));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => Iso(firstOfMonth.AddMonths(i))), forecast.GetProperty("total").GetProperty("scheduled").EnumerateArray().Select(m => m.GetProperty("month").GetString()));
        Assert.Equal(expected, forecast.GetProperty("budgets")[0].GetProperty("scheduled").EnumerateArray().Select(m => m.Number("amount")));
        Assert.Equal(2850m, forecast.Number("scheduledTotal"));
    }

    [Fact]
    public async Task In_auckland_an_occurrence_is_created_at_local_midnight_while_it_is_still_the_day_before_in_utc()
    {
        await using var api = new ApiInZone("Pacific/Auckland");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(api.Clock.GetUtcNow(), zone).DateTime).AddDays(2);
        var localMidnight = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone), TimeSpan.Zero);
        api.Clock.SetUtcNow(localMidnight.AddSeconds(-1));
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await CreateBudgetAsync(ann);

        var schedule = await (await ann.Client.PostAsJsonAsync(Schedules(ann, budgetId), Weekly(day), Ct)).ReadJsonAsync();
        var upcoming = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/upcoming");
        Assert.Equal(Iso(day), schedule.GetProperty("nextOccurrence").GetString());
        Assert.Equal(Iso(day), upcoming[0].GetProperty("date").GetString());
        Assert.Empty(Created(api, budgetId));

        api.Clock.Advance(TimeSpan.FromSeconds(2));

        await EventuallyAsync(() => Created(api, budgetId).Length == 1, "the background service created the occurrence at Auckland's midnight");
        Assert.Equal(Iso(day), Assert.Single(Created(api, budgetId)).Date);
        Assert.True(DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime) < day, "in UTC it is still the day before");
    }

    [Fact]
    public async Task An_unknown_time_zone_stops_the_app_at_start_up_naming_the_setting()
    {
        await using var api = new ApiInZone("Mars/Olympus_Mons");

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("Budget:TimeZone", error.ToString());
    }

    private sealed class ApiInZone(string timeZone) : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Budget:TimeZone"] = timeZone };
    }
}
