using System.Net.Http.Json;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Budget.Api.Data;
using Budget.Tests.Attack;
using Budget.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Api;

/// <summary>The whole-account JSON export and its restore: a household's data leaves and comes back exactly.</summary>
public sealed class AccountExportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Export = "/api/account/export";
    private const string Restore = "/api/account/restore";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_backup_restored_into_a_fresh_account_exports_the_same_file_and_the_same_rows_in_every_profile_scoped_table()
    {
        var original = await RichHousehold.CreateAsync(factory);
        var fresh = await TestUser.RegisterAsync(factory, "fresh", "EUR");

        var (backup, response) = await DownloadAsync(original);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^budget-account-\d{4}-\d{2}-\d{2}\.json$", response.Content.Headers.ContentDisposition?.FileNameStar);
        var restored = await fresh.Client.SendJsonAsync(HttpMethod.Post, Restore, backup);
        Assert.True(restored.StatusCode == HttpStatusCode.OK, await restored.Content.ReadAsStringAsync(Ct));
        var result = await restored.ReadJsonAsync();
        Assert.Equal(2, result.GetProperty("profiles").GetArrayLength());
        Assert.True(result.GetProperty("profiles")[0].GetProperty("intoOwnProfile").GetBoolean());
        Assert.Equal(fresh.ProfileId, result.GetProperty("profiles")[0].GetProperty("id").GetInt64());
        Assert.Equal(8, result.GetProperty("transactions").GetInt32());
        var (again, _) = await DownloadAsync(fresh);

        Assert.Equal(WithoutExportTime(backup), WithoutExportTime(again));
        var tables = ProfileScopedTables();
        using var database = factory.OpenDatabase();
        foreach (var table in tables)
        {
            var before = Rows(database, table, UserId(database, original));
            Assert.True(before.Count > 0, $"The rich household has no rows in {table.Table}: give RichHousehold some, so the export is tested with them.");
            Assert.True(before.SequenceEqual(Rows(database, table, UserId(database, fresh))),
                $"{table.Table} did not come back as it was: carry it in the account export (Budget.Api/Exports: AccountBackup, AccountExport, AccountRestore).");
        }
        Assert.Contains(tables, t => t.Table == "transactions");
        Assert.Contains(tables, t => t.Table == "goals");
    }

    [Fact]
    public async Task The_upload_limits_the_web_app_checks_against_are_the_ones_restore_enforces()
    {
        var user = await TestUser.RegisterAsync(factory);
        var limits = await user.Client.GetJsonAsync("/api/account/upload-limits");
        var backupBytes = limits.GetProperty("backupBytes").GetInt32();

        var over = await user.Client.PostAsync("/api/account/restore", new StringContent(new string(' ', backupBytes + 1), System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal($"The request body is larger than {backupBytes / 1024} KiB, the most this server takes here.", (await over.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.InRange(limits.GetProperty("importFileBytes").GetInt32(), 64 * 1024, 1024 * 1024);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/account/upload-limits", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_file_is_versioned_uses_its_own_ids_and_keeps_exact_amounts_and_creation_times()
    {
        var user = await RichHousehold.CreateAsync(factory);

        var (backup, _) = await DownloadAsync(user);

        var json = JsonNode.Parse(backup)!;
        Assert.Equal("budget-account-export", (string?)json["format"]);
        Assert.Equal(1, (int?)json["version"]);
        Assert.Equal("EUR", (string?)json["currency"]);
        var own = json["profiles"]![0]!;
        Assert.True((bool?)own["isOwner"]);
        Assert.Equal([1, 2, 3, 4, 5, 6], own["nodes"]!.AsArray().Select(n => (long)n!["id"]!));
        Assert.Equal("-120.45", own["nodes"]![1]!["balance"]!.ToJsonString());
        Assert.Equal("6.1234", own["nodes"]![3]!["apy"]!.ToJsonString());
        Assert.Equal("Bank", (string?)own["nodes"]![1]!["institution"]);
        Assert.Equal("#2563eb", (string?)own["nodes"]![1]!["metadata"]!["color"]);
        Assert.Equal((1, 2), ((long)own["flows"]![0]!["fromNodeId"]!, (long)own["flows"]![0]!["toNodeId"]!));
        Assert.Equal("300.33", own["flows"]![4]!["amount"]!.ToJsonString());
        var food = own["budgets"]![0]!;
        Assert.Equal(["42.17", "-5.5", "310.01"], food["transactions"]!.AsArray().Select(t => t!["amount"]!.ToJsonString()));
        Assert.Equal("Refund, \"bottle\" deposit", (string?)food["transactions"]![1]!["note"]);
        Assert.EndsWith("Z", (string?)food["createdAt"]);
        var holiday = own["goals"]![0]!;
        Assert.Equal(("1250.5", "250"), (holiday["current"]!.ToJsonString(), holiday["startingAmount"]!.ToJsonString()));
        Assert.Equal("Sam Ødegård", (string?)json["profiles"]![1]!["name"]);
        Assert.DoesNotContain("\"version\":2", backup);
        Assert.DoesNotContain("idempotency", backup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Restoring_into_an_account_with_data_adds_the_profiles_and_leaves_its_own_profile_alone()
    {
        var original = await RichHousehold.CreateAsync(factory);
        var busy = await TestUser.RegisterAsync(factory, "busy", "EUR");
        await busy.CreateAsync("budgets", new { name = "Mine", budgeted = 10, period = "monthly" });
        var (backup, _) = await DownloadAsync(original);

        var restored = await busy.Client.SendJsonAsync(HttpMethod.Post, Restore, backup);

        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var profiles = await busy.Client.GetJsonAsync("/api/profiles");
        Assert.Equal(3, profiles.GetArrayLength());
        Assert.True(profiles[0].GetProperty("isOwner").GetBoolean());
        Assert.Equal(busy.ProfileId, profiles[0].GetProperty("id").GetInt64());
        Assert.Equal(["Mine"], (await busy.Client.GetJsonAsync($"/api/profiles/{busy.ProfileId}/budgets")).EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.All(profiles.EnumerateArray().Skip(1), p => Assert.False(p.GetProperty("isOwner").GetBoolean()));
        Assert.Equal(3, (await busy.Client.GetJsonAsync($"/api/profiles/{profiles[1].GetProperty("id").GetInt64()}/budgets")).GetArrayLength());
    }

    public static TheoryData<string, string, string> BrokenBackups() => new()
    {
        { "a transaction of zero", "$.profiles[0].budgets[0].transactions[1].amount=0", "profiles[0].budgets[0].transactions[1].amount" },
        { "a cent fraction", "$.profiles[1].goals[0].target=10.001", "profiles[1].goals[0].target" },
        { "a flow to a node that is not in the file", "$.profiles[0].flows[2].toNodeId=99", "profiles[0].flows[2].toNodeId" },
        { "a flow that closes a loop", "$.profiles[0].flows[3].toNodeId=2", "profiles[0].flows[3].toNodeId" },
        { "a blank budget name", "$.profiles[1].budgets[2].name=\"  \"", "profiles[1].budgets[2].name" },
        { "an amount in quotes", "$.profiles[0].nodes[0].amount=\"4000\"", "profiles[0].nodes[0].amount" },
        { "an unknown member", "$.profiles[0].goals[1].colour=\"red\"", "profiles[0].goals[1].colour" },
        { "an unknown node type", "$.profiles[0].nodes[0].type=\"crypto\"", "profiles[0].nodes[0].type" },
        { "a priority of 9", "$.profiles[0].goals[1].priority=9", "profiles[0].goals[1].priority" },
        { "two own profiles", "$.profiles[1].isOwner=true", "profiles" },
        { "a newer format", "$.version=2", "version" },
        { "another format", "$.format=\"something-else\"", "format" },
        { "another currency", "$.currency=\"USD\"", "currency" },
        { "a date out of range", "$.profiles[0].budgets[0].transactions[0].date=\"2300-01-01\"", "profiles[0].budgets[0].transactions[0].date" },
        // One of each kind's own route rules, so a rule changed there is one restore keeps too.
        { "a node's interest rate over the limit", "$.profiles[0].nodes[3].apy=1000.5", "profiles[0].nodes[3].apy" },
        { "a node's negative planned amount", "$.profiles[1].nodes[4].amount=-1", "profiles[1].nodes[4].amount" },
        { "a budget of zero", "$.profiles[0].budgets[2].budgeted=0", "profiles[0].budgets[2].budgeted" },
        { "an alert threshold of zero", "$.profiles[1].budgets[1].alertThresholds=[0,90]", "profiles[1].budgets[1].alertThresholds" },
        { "a goal's negative saved amount", "$.profiles[0].goals[1].current=-1", "profiles[0].goals[1].current" },
        { "a goal following a spending node", "$.profiles[0].goals[2].nodeId=5", "profiles[0].goals[2].nodeId" },
        { "a schedule every 0 years", "$.profiles[0].budgets[2].schedules[0].interval=0", "profiles[0].budgets[2].schedules[0].interval" },
        { "a weekday on a yearly schedule", "$.profiles[1].budgets[2].schedules[0].weekday=\"monday\"", "profiles[1].budgets[2].schedules[0].weekday" },
    };

    [Theory]
    [MemberData(nameof(BrokenBackups))]
    public async Task A_broken_backup_is_a_400_naming_the_json_path_and_writes_nothing(string _, string change, string field)
    {
        var original = await RichHousehold.CreateAsync(factory);
        var target = await TestUser.RegisterAsync(factory, "target", "EUR");
        var (backup, _) = await DownloadAsync(original);
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var response = await target.Client.SendJsonAsync(HttpMethod.Post, Restore, Apply(backup, change));

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task A_restore_writes_only_into_profiles_the_caller_owns_and_changes_nothing_of_anyone_else()
    {
        var original = await RichHousehold.CreateAsync(factory);
        var neighbour = await RichHousehold.CreateAsync(factory);
        var caller = await TestUser.RegisterAsync(factory, "caller", "EUR");
        // A profile shared with the caller is theirs to edit, but it is the neighbour's: no restore writes into it.
        await caller.JoinAsync(neighbour, neighbour.ProfileId, "admin");
        var (backup, _) = await DownloadAsync(original);
        using var database = factory.OpenDatabase();
        var callerId = UserId(database, caller);
        var othersBefore = DatabaseAudit.DumpOfOthers(database, callerId);

        var restored = await caller.Client.SendJsonAsync(HttpMethod.Post, Restore, backup);

        Assert.True(restored.StatusCode == HttpStatusCode.OK, await restored.Content.ReadAsStringAsync(Ct));
        var profiles = (await restored.ReadJsonAsync()).GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(2, profiles.Length);
        Assert.All(profiles, id => Assert.Equal(callerId, DatabaseAudit.Scalar(database, $"SELECT user_id FROM profiles WHERE id = {id}")));
        Assert.Equal(othersBefore, DatabaseAudit.DumpOfOthers(database, callerId));
        Assert.Empty(DatabaseAudit.Violations(database));
    }

    [Fact]
    public async Task A_newer_format_version_is_refused_with_a_message_saying_so()
    {
        var original = await RichHousehold.CreateAsync(factory);
        var (backup, _) = await DownloadAsync(original);

        var response = await original.Client.SendJsonAsync(HttpMethod.Post, Restore, Apply(backup, "$.version=7"));

        var problem = await response.ReadJsonAsync();
        Assert.Contains("newer Budget (format version 7)", problem.GetProperty("errors").GetProperty("version")[0].GetString());
    }

    [Fact]
    public async Task A_restore_that_would_pass_the_profile_limit_writes_nothing()
    {
        var original = await RichHousehold.CreateAsync(factory);
        var crowded = await TestUser.RegisterAsync(factory, "crowded", "EUR");
        for (var i = 1; i < 19; i++)
        {
            await crowded.CreateAsync("../../profiles", new { name = $"P{i}" }, profileId: 0);
        }
        await crowded.CreateAsync("budgets", new { name = "Not empty", budgeted = 1, period = "monthly" });
        var (backup, _) = await DownloadAsync(original);
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var response = await crowded.Client.SendJsonAsync(HttpMethod.Post, Restore, backup);

        Assert.Equal(["profiles"], await response.ProblemFieldsAsync());
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task A_backup_larger_than_an_ordinary_request_is_restored_and_one_over_the_backup_limit_is_a_413()
    {
        var user = await TestUser.RegisterAsync(factory, "big", "EUR");
        var backup = OneBudget(Enumerable.Range(0, 3000).Select(i => $"{{\"amount\":{i + 1}.25,\"date\":\"2025-{i % 12 + 1:00}-01\",\"note\":\"Shop number {i}\",\"createdAt\":\"2025-01-01T00:00:00Z\"}}"));
        Assert.True(backup.Length > 64 * 1024);

        var restored = await user.Client.SendJsonAsync(HttpMethod.Post, Restore, backup);
        var tooBig = await user.Client.SendJsonAsync(HttpMethod.Post, Restore, backup.Replace("\"currency\":\"EUR\"", $"\"currency\":\"EUR\",\"padding\":\"{new string('x', 12 * 1024 * 1024)}\"", StringComparison.Ordinal));

        Assert.True(restored.StatusCode == HttpStatusCode.OK, await restored.Content.ReadAsStringAsync(Ct));
        Assert.Equal(3000, (await restored.ReadJsonAsync()).GetProperty("transactions").GetInt32());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        var budgets = await user.Client.GetJsonAsync($"/api/profiles/{user.ProfileId}/budgets");
        Assert.Equal("2024-05-01T10:00:00Z", budgets[0].GetProperty("createdAt").GetString());
    }

    /// <summary>
    /// As a hand edit or another tool may write it: every object's fields backwards, so the links point ahead in the file
    /// (flows and goals before their nodes, a budget's transactions before its name, the format last); or every member
    /// name capitalised ("Profiles", "Transactions"), read as the same members, never skipped.
    /// </summary>
    [Theory]
    [InlineData("backwards")]
    [InlineData("capitalised")]
    public async Task A_backup_written_in_another_shape_restores_the_same(string shape)
    {
        var original = await RichHousehold.CreateAsync(factory);
        var fresh = await TestUser.RegisterAsync(factory, shape, "EUR");
        var (backup, _) = await DownloadAsync(original);
        var rewritten = shape == "backwards" ? Backwards(JsonNode.Parse(backup)) : Capitalised(JsonNode.Parse(backup));

        var restored = await fresh.Client.SendJsonAsync(HttpMethod.Post, Restore, rewritten!.ToJsonString());

        Assert.True(restored.StatusCode == HttpStatusCode.OK, await restored.Content.ReadAsStringAsync(Ct));
        var (again, _) = await DownloadAsync(fresh);
        Assert.Equal(WithoutExportTime(backup), WithoutExportTime(again));
    }

    [Fact]
    public async Task Every_fault_of_a_backup_is_named_not_only_the_first_and_nothing_is_written()
    {
        var original = await RichHousehold.CreateAsync(factory);
        var target = await TestUser.RegisterAsync(factory, "faults", "EUR");
        var (backup, _) = await DownloadAsync(original);
        var broken = Apply(Apply(Apply(backup, "$.profiles[0].nodes[0].amount=\"4000\""), "$.profiles[0].budgets[0].transactions[1].amount=0"), "$.profiles[1].goals[0].priority=9");
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var response = await target.Client.SendJsonAsync(HttpMethod.Post, Restore, broken);

        Assert.Equal(["profiles[0].budgets[0].transactions[1].amount", "profiles[0].nodes[0].amount", "profiles[1].goals[0].priority"], await response.ProblemFieldsAsync());
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task A_backup_with_many_faults_names_the_first_hundred_and_says_there_may_be_more()
    {
        var user = await TestUser.RegisterAsync(factory, "many-faults", "EUR");
        var backup = OneBudget(Enumerable.Range(0, 300).Select(_ => "{\"amount\":0,\"date\":\"2025-01-01\",\"note\":null,\"createdAt\":\"2025-01-01T00:00:00Z\"}"));

        var fields = await (await user.Client.SendJsonAsync(HttpMethod.Post, Restore, backup)).ProblemFieldsAsync();

        Assert.Equal(101, fields.Length);
        Assert.Contains("$", fields);
        Assert.Contains("profiles[0].budgets[0].transactions[99].amount", fields);
        Assert.Empty((await user.Client.GetJsonAsync($"/api/profiles/{user.ProfileId}/budgets")).EnumerateArray());
    }

    [Fact]
    public async Task The_export_holds_only_the_callers_own_profiles_not_ones_shared_with_them()
    {
        var mine = await RichHousehold.CreateAsync(factory);
        var other = await RichHousehold.CreateAsync(factory);
        var renamed = await other.Client.PutAsJsonAsync($"/api/profiles/{other.ProfileId}", new { name = "Someone else's" }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        await mine.JoinAsync(other, other.ProfileId, "admin");
        Assert.Equal(3, (await mine.Client.GetJsonAsync("/api/profiles")).GetArrayLength());

        var (backup, _) = await DownloadAsync(mine);

        var names = JsonNode.Parse(backup)!["profiles"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(2, names.Count);
        Assert.DoesNotContain("Someone else's", names);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(Export, Ct)).StatusCode);
    }

    private static async Task<(string Body, HttpResponseMessage Response)> DownloadAsync(TestUser user)
    {
        var response = await user.Client.GetAsync(Export, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync(Ct), response);
    }

    private static string WithoutExportTime(string backup)
    {
        var json = JsonNode.Parse(backup)!.AsObject();
        json.Remove("exportedAt");
        return json.ToJsonString();
    }

    /// <summary>A hand-written backup: one profile, the account's own, with one budget holding these transactions.</summary>
    private static string OneBudget(IEnumerable<string> transactions) =>
        $"{{\"format\":\"budget-account-export\",\"version\":1,\"exportedAt\":\"2026-01-01T00:00:00Z\",\"currency\":\"EUR\",\"profiles\":[{{\"name\":\"Big\",\"avatarColor\":\"#2563EB\",\"isOwner\":true,\"createdAt\":\"2024-05-01T10:00:00Z\",\"nodes\":[],\"flows\":[],\"goals\":[],\"budgets\":[{{\"id\":1,\"name\":\"Shops\",\"budgeted\":100,\"period\":\"monthly\",\"createdAt\":\"2024-05-01T10:00:00Z\",\"transactions\":[{string.Join(",", transactions)}]}}]}}]}}";

    /// <summary>Every object's fields in the opposite order; a node's metadata is the household's own text and stays as it is.</summary>
    private static JsonNode? Capitalised(JsonNode? node) => node switch
    {
        JsonObject json => new JsonObject(json.Select(p => KeyValuePair.Create(char.ToUpperInvariant(p.Key[0]) + p.Key[1..], p.Key == "metadata" ? p.Value?.DeepClone() : Capitalised(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Capitalised)]),
        _ => node?.DeepClone(),
    };

    private static JsonNode? Backwards(JsonNode? node) => node switch
    {
        JsonObject json => new JsonObject(json.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Key == "metadata" ? p.Value?.DeepClone() : Backwards(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Backwards)]),
        _ => node?.DeepClone(),
    };

    /// <summary>Sets one value, written as <c>$.path.to[1].member=json</c>.</summary>
    private static string Apply(string backup, string change)
    {
        var (path, value) = (change[..change.IndexOf('=')], change[(change.IndexOf('=') + 1)..]);
        var json = JsonNode.Parse(backup)!;
        var parts = path[2..].Split('.');
        var node = json;
        foreach (var part in parts[..^1])
        {
            node = Step(node, part);
        }
        node.AsObject()[parts[^1]] = JsonNode.Parse(value);
        return json.ToJsonString();
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[');
        return bracket < 0 ? node[part]! : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
    }

    /// <summary>Profile-scoped tables a backup leaves out on purpose, each with why; any other table must round-trip.</summary>
    private static readonly Dictionary<string, string> NotInBackup = new()
    {
        ["profile_members"] = "who shares a profile names other people's accounts; a backup restores into one account",
        ["profile_invitations"] = "the same: invitations name other people",
        ["alerts"] = "messages already shown; the restored budgets raise their own",
        ["alert_reads"] = "who has read which of those alerts: the alerts are left out, and the readers may be other people",
        ["notification_deliveries"] = "the outbox of messages already sent",
        ["imports"] = "the history of bank files read; the transactions they made are in the backup",
        ["imported_transactions"] = "the same",
        ["import_mappings"] = "a convenience the next import proposes again",
    };

    /// <summary>A table whose rows belong to a profile, directly (a profile id) or through the row they hang off.</summary>
    private sealed record ScopedTable(string Table, string[] Compared, string Scope);

    /// <summary>Every table that holds a profile's data, read from the app's model, so a new one is checked without a change here.</summary>
    private List<ScopedTable> ProfileScopedTables()
    {
        using var scope = factory.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<BudgetDbContext>().Model;
        var result = new List<ScopedTable>();
        foreach (var entity in model.GetEntityTypes().Where(e => !NotInBackup.ContainsKey(e.GetTableName()!)))
        {
            var scopeSql = ScopeOf(entity, "t", 0);
            if (scopeSql is null)
            {
                continue;
            }
            var keys = entity.GetKeys().SelectMany(k => k.Properties).Concat(entity.GetForeignKeys().SelectMany(f => f.Properties)).Select(p => p.GetColumnName()).ToHashSet();
            // Ids, links, row versions and Idempotency-Keys are the database's, not the household's.
            var compared = entity.GetProperties().Select(p => p.GetColumnName())
                .Where(c => !keys.Contains(c) && c is not "version" and not "idempotency_key" and not "user_id").ToArray();
            result.Add(new ScopedTable(entity.GetTableName()!, compared, scopeSql));
        }
        return result;
    }

    /// <summary>SQL saying row <paramref name="alias"/> belongs to a profile of user <c>$user</c>, or null when the table holds no profile's data.</summary>
    private static string? ScopeOf(IEntityType entity, string alias, int depth)
    {
        if (entity.GetTableName() == "profiles")
        {
            return $"{alias}.user_id = $user";
        }
        if (depth > 5)
        {
            return null;
        }
        foreach (var foreignKey in entity.GetForeignKeys())
        {
            var principal = foreignKey.PrincipalEntityType;
            var inner = $"p{depth}";
            if (ScopeOf(principal, inner, depth + 1) is { } principalScope)
            {
                return $"{alias}.\"{foreignKey.Properties[0].GetColumnName()}\" IN (SELECT {inner}.\"{foreignKey.PrincipalKey.Properties[0].GetColumnName()}\" FROM \"{principal.GetTableName()}\" {inner} WHERE {principalScope})";
            }
        }
        return null;
    }

    private static List<string> Rows(Microsoft.Data.Sqlite.SqliteConnection database, ScopedTable table, long userId)
    {
        using var command = database.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", table.Compared.Select(c => $"t.\"{c}\""))} FROM \"{table.Table}\" t WHERE {table.Scope}";
        command.Parameters.AddWithValue("$user", userId);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Append(table.Compared[i]).Append('=').Append(reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append("; ");
            }
            rows.Add(row.ToString());
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static long UserId(Microsoft.Data.Sqlite.SqliteConnection database, TestUser user) =>
        DatabaseAudit.Scalar(database, $"SELECT user_id FROM profiles WHERE id = {user.ProfileId}");
}
