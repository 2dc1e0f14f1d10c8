using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Budget.Api.Backup;
using Budget.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Budget.Tests.Api;

/// <summary>The nightly backup (<c>Budget.Api backup &lt;dir&gt;</c>): consistent under load, checked, never replacing a good copy with a bad one.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _backups = Directory.CreateTempSubdirectory("budget-backups-").FullName;
    private readonly string _restored = Directory.CreateTempSubdirectory("budget-restored-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_backups, recursive: true);
        Directory.Delete(_restored, recursive: true);
    }

    [Fact]
    public async Task A_backup_taken_while_writes_go_on_restores_into_an_api_that_has_every_write_acknowledged_before_it_began()
    {
        await using var factory = new ApiFactory();
        var ann = await TestUser.RegisterAsync(factory);
        var budget = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" });
        var transactions = $"/api/profiles/{ann.ProfileId}/budgets/{budget}/transactions";
        var acknowledged = new ConcurrentQueue<long>();
        using var stopWriting = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stopWriting.IsCancellationRequested)
            {
                var response = await ann.Client.PostAsJsonAsync(transactions, new { amount = 1.25, date = "2026-03-01", note = "during" }, Ct);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                acknowledged.Enqueue((await response.ReadJsonAsync()).GetProperty("id").GetInt64());
            }
        }, Ct);
        while (acknowledged.Count < 20)
        {
            await Task.Delay(10, Ct);
        }

        var beforeBackup = acknowledged.ToArray();
        var file = new DatabaseBackup(TimeProvider.System).Run(factory.DatabasePath, _backups, DatabaseBackup.DefaultRetention);
        var writtenMeanwhile = acknowledged.Count - beforeBackup.Length;
        await stopWriting.CancelAsync();
        await writer;

        File.Copy(file, Path.Combine(_restored, "budget.db"));
        await using var restored = ApiFactory.On(_restored);
        var client = restored.CreateClient();
        var signIn = await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await signIn.ReadJsonAsync()).GetProperty("accessToken").GetString());
        var kept = (await client.GetJsonAsync($"{transactions}?limit=1000")).EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToHashSet();
        Assert.All(beforeBackup, id => Assert.Contains(id, kept));
        Assert.True(writtenMeanwhile >= 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", Ct)).StatusCode);
    }

    [Fact]
    public void The_copy_stands_alone_is_named_by_its_day_and_a_second_one_that_day_gets_the_time()
    {
        var database = CreateDatabase(Path.Combine(_restored, "budget.db"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));

        var first = new DatabaseBackup(clock).Run(database, _backups, DatabaseBackup.DefaultRetention);
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = new DatabaseBackup(clock).Run(database, _backups, DatabaseBackup.DefaultRetention);

        Assert.Equal("budget-20261125.db", Path.GetFileName(first));
        Assert.Equal("budget-20261125-020500.db", Path.GetFileName(second));
        Assert.Equal(["budget-20261125-020500.db", "budget-20261125.db"], Directory.GetFiles(_backups).Select(Path.GetFileName).Order());
        Assert.Equal(42L, CountRows(second));
    }

    [Fact]
    public void Backups_older_than_thirty_days_and_leftovers_of_failed_runs_are_deleted_after_a_good_one()
    {
        var database = CreateDatabase(Path.Combine(_restored, "budget.db"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        foreach (var old in new[] { "budget-20261024.db", "budget-20261026.db", "budget-20261124.db", "notes.txt" })
        {
            File.WriteAllText(Path.Combine(_backups, old), "");
        }
        var leftover = Path.Combine(_backups, ".budget-20261120-020000-x.db.tmp");
        File.WriteAllText(leftover, "");
        File.SetLastWriteTimeUtc(leftover, clock.GetUtcNow().UtcDateTime.AddDays(-5));

        new DatabaseBackup(clock).Run(database, _backups, DatabaseBackup.DefaultRetention);

        Assert.Equal(["budget-20261026.db", "budget-20261124.db", "budget-20261125.db", "notes.txt"], Directory.GetFiles(_backups).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_corrupt_database_fails_the_check_leaves_no_copy_and_keeps_the_last_good_backup()
    {
        var database = CreateDatabase(Path.Combine(_restored, "budget.db"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero));
        var good = new DatabaseBackup(clock).Run(database, _backups, DatabaseBackup.DefaultRetention);
        Corrupt(database);
        clock.Advance(TimeSpan.FromDays(31));

        Assert.ThrowsAny<Exception>(() => new DatabaseBackup(clock).Run(database, _backups, DatabaseBackup.DefaultRetention));

        // Older than 30 days by now, but nothing is pruned unless a new good copy is in.
        Assert.Equal([Path.GetFileName(good)], Directory.GetFiles(_backups).Select(Path.GetFileName));
        Assert.Equal(42L, CountRows(good));
    }

    [Fact]
    public void The_command_exits_non_zero_when_there_is_no_database_and_with_usage_when_the_folder_is_missing()
    {
        var missing = Path.Combine(_restored, "nothing-here.db");

        Assert.Equal(1, BackupCommand.Run(["backup", _backups, $"--ConnectionStrings:budget=Data Source={missing}"]));
        Assert.Equal(2, BackupCommand.Run(["backup"]));
        Assert.Empty(Directory.GetFiles(_backups));
    }

    [Fact]
    public void The_command_reads_the_database_location_from_the_apps_own_settings()
    {
        var database = CreateDatabase(Path.Combine(_restored, "budget.db"));

        Assert.Equal(0, BackupCommand.Run(["backup", _backups, $"--ConnectionStrings:budget=Data Source={database}"]));

        Assert.Equal(42L, CountRows(Assert.Single(Directory.GetFiles(_backups))));
    }

    private static string CreateDatabase(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        // Enough pages that a damaged one in the middle is found by the integrity check.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
            CREATE INDEX t_v ON t (v);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 42) INSERT INTO t (v) SELECT printf('%.2000c', 'x') || i FROM n;
            PRAGMA wal_checkpoint(TRUNCATE);
            """;
        command.ExecuteNonQuery();
        return path;
    }

    /// <summary>Overwrites index pages in the middle of the file with garbage, as a failing SD card might.</summary>
    private static void Corrupt(string path)
    {
        SqliteConnection.ClearAllPools();
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var pageSize = 4096;
        for (var page = 3; page < file.Length / pageSize; page += 2)
        {
            file.Position = page * pageSize;
            file.Write(Enumerable.Repeat((byte)0x5A, 512).ToArray());
        }
    }

    private static long CountRows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t";
        return (long)command.ExecuteScalar()!;
    }
}
