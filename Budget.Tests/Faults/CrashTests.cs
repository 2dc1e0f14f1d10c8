using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Budget.Tests.Faults;

/// <summary>
/// The API is killed with SIGKILL at random moments while writers add transactions and sign up households; after
/// every restart each acknowledged write is there, sign-ups are whole (a user always has an owner profile), and the
/// file passes SQLite's integrity and foreign-key checks. CI runs 20 kills; BUDGET_CRASH_CYCLES=200 runs more.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("budget-crash-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Cycles => int.TryParse(Environment.GetEnvironmentVariable("BUDGET_CRASH_CYCLES"), out var cycles) ? cycles : 20;

    [Fact]
    public async Task Every_acknowledged_write_survives_being_killed_at_random()
    {
        var random = new Random(20261125);
        var acknowledged = new ConcurrentBag<string>();
        var signedUp = new ConcurrentBag<string>();
        string accessToken;
        long profileId;
        long budgetId;
        await using (var first = await ApiProcess.StartAsync(_dataDirectory, Ct))
        {
            (accessToken, profileId, budgetId) = await SetUpHouseholdAsync(first.CreateClient());
        }

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            await using var api = await ApiProcess.StartAsync(_dataDirectory, Ct);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(() => WriteUntilStoppedAsync(
                api, accessToken, profileId, budgetId, $"c{cycle}w{writer}", acknowledged, signedUp, stop.Token), Ct)).ToArray();

            // Kill once writes are flowing (the first requests after a start are slow, more so on a busy machine),
            // at a random moment among them.
            var before = acknowledged.Count;
            for (var waited = 0; acknowledged.Count == before && waited < 300; waited++)
            {
                await Task.Delay(50, Ct);
            }
            await Task.Delay(random.Next(0, 300), Ct);
            await api.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var last = await ApiProcess.StartAsync(_dataDirectory, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{Cycles} kills; {acknowledged.Count} transactions and {signedUp.Count} sign-ups acknowledged, all present.");
        Assert.True(acknowledged.Count >= Cycles, $"only {acknowledged.Count} writes were acknowledged in {Cycles} cycles");
        using var db = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "budget.db")};Pooling=False");
        db.Open();
        var notes = Strings(db, "SELECT note FROM transactions");
        Assert.Empty(acknowledged.Except(notes));
        var emails = Strings(db, "SELECT email FROM users");
        Assert.Empty(signedUp.Except(emails));
        Assert.Equal(["ok"], Strings(db, "PRAGMA integrity_check"));
        Assert.Empty(Strings(db, "SELECT \"table\" FROM pragma_foreign_key_check"));
        // A sign-up is all or nothing: no user without the owner profile made with it.
        Assert.Empty(Strings(db, "SELECT email FROM users WHERE NOT EXISTS (SELECT 1 FROM profiles WHERE profiles.user_id = users.id AND is_owner)"));
    }

    private static async Task<(string AccessToken, long ProfileId, long BudgetId)> SetUpHouseholdAsync(HttpClient client)
    {
        var registered = await client.PostAsJsonAsync("/api/auth/register", new { email = "crash@example.org", password = TestUser.DefaultPassword }, Ct);
        var token = (await registered.ReadJsonAsync()).GetProperty("accessToken").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var profileId = (await client.GetJsonAsync("/api/profiles"))[0].GetProperty("id").GetInt64();
        var budget = await client.PostAsJsonAsync($"/api/profiles/{profileId}/budgets", new { name = "Food", budgeted = 600, period = "monthly" }, Ct);
        return (token, profileId, (await budget.ReadJsonAsync()).GetProperty("id").GetInt64());
    }

    private static async Task WriteUntilStoppedAsync(
        ApiProcess api, string accessToken, long profileId, long budgetId, string prefix,
        ConcurrentBag<string> acknowledged, ConcurrentBag<string> signedUp, CancellationToken stop)
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                if (i % 10 == 9)
                {
                    var email = $"{prefix}-{i}@example.org";
                    var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password = TestUser.DefaultPassword });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        signedUp.Add(email);
                    }
                }
                else
                {
                    var note = $"{prefix}-{i}";
                    var response = await client.PostAsJsonAsync($"/api/profiles/{profileId}/budgets/{budgetId}/transactions", new { amount = 1.01, date = "2026-05-01", note });
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged.Add(note);
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Killed mid-request: not acknowledged, so nothing is owed.
                return;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    private static List<string> Strings(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0)?.ToString() ?? "");
        }
        return values;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
