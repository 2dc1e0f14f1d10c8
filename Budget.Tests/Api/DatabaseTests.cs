using System.Net;
using System.Net.Http.Json;
using Budget.Api.Data;
using Budget.Tests.Attack;
using Budget.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Api;

public sealed class DatabaseTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_database_and_the_signing_key_are_readable_by_the_app_user_only()
    {
        await TestUser.RegisterAsync(factory);

        foreach (var file in new[] { factory.DatabasePath, factory.DatabasePath + "-wal", Path.Combine(factory.DataDirectory, "jwt-signing.key") })
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode()
    {
        await TestUser.RegisterAsync(factory);

        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Every_connection_of_the_app_waits_for_the_writer_syncs_fully_and_keeps_a_small_page_cache()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BudgetDbContext>();
        await db.Database.OpenConnectionAsync(Ct);
        try
        {
            long Pragma(string name)
            {
                using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = $"PRAGMA {name}";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.Equal(5000, Pragma("busy_timeout"));
            Assert.Equal(2, Pragma("synchronous")); // FULL
            Assert.Equal(-512, Pragma("cache_size")); // KiB: the pod's 64 MiB holds one per pooled connection
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [Fact]
    public void The_checked_in_migrations_match_the_model()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BudgetDbContext>();

        Assert.False(db.Database.HasPendingModelChanges(), "Run `dotnet ef migrations add <Name>` in Budget.Api and commit it.");
        Assert.Empty(db.Database.GetPendingMigrations());
    }

    [Fact]
    public void The_app_runs_on_a_compiled_model_that_matches_the_entities()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BudgetDbContext>();
        var entities = db.GetService<IDesignTimeModel>().Model;
        const string regenerate = "Run `dotnet ef dbcontext optimize -o Data/CompiledModel -n Budget.Api.Data.CompiledModel` in Budget.Api and commit it.";

        Assert.IsType<Budget.Api.Data.CompiledModel.BudgetDbContextModel>(db.Model);
        // Entities, properties, keys and relationships, then the tables, columns and indexes they map to.
        Assert.True(entities.ToDebugString() == db.Model.ToDebugString(), regenerate);
        Assert.True(entities.GetRelationalModel().ToDebugString() == db.Model.GetRelationalModel().ToDebugString(), regenerate);
    }

    [Fact]
    public async Task Deleting_a_profile_deletes_everything_in_it_and_nothing_else()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var kid = await ann.CreateAsync("../../profiles", new { name = "Kid" }, profileId: 0);
        var income = await ann.CreateAsync("nodes", new { type = "income", label = "Allowance" }, kid);
        var jar = await ann.CreateAsync("nodes", new { type = "savings", label = "Jar" }, kid);
        await ann.CreateAsync("flows", new { fromNodeId = income, toNodeId = jar, amount = 5 }, kid);
        var budget = await ann.CreateAsync("budgets", new { name = "Sweets", budgeted = 10, period = "weekly" }, kid);
        await ann.CreateAsync($"budgets/{budget}/transactions", new { amount = 2.5, date = "2026-02-01" }, kid);
        await ann.CreateAsync("goals", new { name = "Lego", target = 80 }, kid);
        var ownBudget = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" });

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{kid}", Ct)).StatusCode);

        using var db = factory.OpenDatabase();
        Assert.Equal(0, DatabaseAudit.Scalar(db, $"SELECT count(*) FROM nodes WHERE profile_id = {kid}"));
        Assert.Equal(0, DatabaseAudit.Scalar(db, $"SELECT count(*) FROM flows WHERE profile_id = {kid}"));
        Assert.Equal(0, DatabaseAudit.Scalar(db, $"SELECT count(*) FROM budgets WHERE profile_id = {kid}"));
        Assert.Equal(0, DatabaseAudit.Scalar(db, $"SELECT count(*) FROM transactions WHERE budget_id = {budget}"));
        Assert.Equal(0, DatabaseAudit.Scalar(db, $"SELECT count(*) FROM goals WHERE profile_id = {kid}"));
        Assert.Equal(1, DatabaseAudit.Scalar(db, $"SELECT count(*) FROM budgets WHERE id = {ownBudget}"));
        Assert.Equal(0, DatabaseAudit.Scalar(db, "SELECT count(*) FROM pragma_foreign_key_check"));
    }

    [Fact]
    public async Task A_household_writing_from_many_devices_at_once_gets_every_write_kept_and_no_server_error()
    {
        // Sixteen clients at once open and return pooled SQLite connections concurrently: Microsoft.Data.Sqlite
        // before 10.0.15 could lend one connection to two of them, and a request failed with "SQLite Error 5".
        var ann = await TestUser.RegisterAsync(factory);
        var budget = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" });
        var url = $"/api/profiles/{ann.ProfileId}/budgets/{budget}/transactions";

        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async device =>
        {
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 20; i++)
            {
                codes.Add((await ann.Client.PostAsJsonAsync(url, new { amount = 1.25, date = "2026-04-01" }, Ct)).StatusCode);
                codes.Add((await ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/dashboard", Ct)).StatusCode);
            }
            return codes;
        }));

        Assert.All(statuses.SelectMany(s => s), status => Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)status}"));
        Assert.Equal("320", (await ann.Client.GetAsync(url, Ct)).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task A_new_version_upgrades_an_existing_database_without_losing_a_row()
    {
        // An "older version": a database migrated only as far as the first migration, with a household in it.
        var folder = Directory.CreateTempSubdirectory("budget-upgrade-").FullName;
        var path = Path.Combine(folder, "budget.db");
        var options = new DbContextOptionsBuilder<BudgetDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var old = new BudgetDbContext(options))
        {
            var first = old.Database.GetMigrations().First();
            await old.GetService<IMigrator>().MigrateAsync(first, Ct);
            await old.Database.ExecuteSqlRawAsync("""
                INSERT INTO users (id, email, password_hash, currency, created_at, updated_at) VALUES (1, 'old@example.org', 'x', 'EUR', '2025-01-01 00:00:00', '2025-01-01 00:00:00');
                INSERT INTO profiles (id, user_id, name, avatar_color, is_owner, created_at) VALUES (1, 1, 'Old', '#2563EB', 1, '2025-01-01 00:00:00');
                INSERT INTO budgets (id, profile_id, name, budgeted, period, created_at) VALUES (1, 1, 'Food', 60000, 'Monthly', '2025-01-01 00:00:00');
                INSERT INTO transactions (budget_id, amount, note, date, created_at) VALUES (1, 1234, 'bread', '2025-01-02', '2025-01-02 00:00:00');
                """, Ct);
        }

        await using var upgraded = new UpgradeFactory(path);
        _ = upgraded.CreateClient();

        await using var after = new BudgetDbContext(options);
        Assert.Empty(await after.Database.GetPendingMigrationsAsync(Ct));
        var transaction = await after.Transactions.SingleAsync(Ct);
        Assert.Equal(1234, transaction.Amount);
        Assert.Equal("bread", transaction.Note);
        Assert.Equal("old@example.org", (await after.Users.SingleAsync(Ct)).Email);
        // Sharing came later: the old profile keeps its owner's currency and its owner becomes its first member.
        Assert.Equal("EUR", (await after.Profiles.SingleAsync(Ct)).Currency);
        var owner = await after.ProfileMembers.SingleAsync(Ct);
        Assert.Equal((1L, 1L, Budget.Api.Common.ProfileRole.Admin), (owner.ProfileId, owner.UserId, owner.Role));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_database_one_migration_behind_is_brought_up_to_date_at_start()
    {
        // Start-up compares the database with Database.NewestMigration, written down by hand (not found through EF):
        // it must be the one EF would apply last, or a new migration is never applied.
        var folder = Directory.CreateTempSubdirectory("budget-upgrade-").FullName;
        var path = Path.Combine(folder, "budget.db");
        var options = new DbContextOptionsBuilder<BudgetDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        try
        {
            await using (var old = new BudgetDbContext(options))
            {
                await old.GetService<IMigrator>().MigrateAsync(old.Database.GetMigrations().SkipLast(1).Last(), Ct);
                Assert.Single(await old.Database.GetPendingMigrationsAsync(Ct));
            }

            await using (var upgraded = new UpgradeFactory(path))
            {
                _ = upgraded.CreateClient();
            }

            await using var after = new BudgetDbContext(options);
            Assert.Empty(await after.Database.GetPendingMigrationsAsync(Ct));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Upgrading_to_read_state_per_member_counts_an_alert_read_before_as_read_by_every_member_then()
    {
        // A database as the version before per-member read state left it: read_at on the alert, for the whole profile.
        var folder = Directory.CreateTempSubdirectory("budget-upgrade-").FullName;
        var options = new DbContextOptionsBuilder<BudgetDbContext>().UseSqlite($"Data Source={Path.Combine(folder, "budget.db")};Pooling=False").Options;
        try
        {
            await using var db = new BudgetDbContext(options);
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_AlertReadsAndInvitationExpiry", StringComparison.Ordinal)) - 1];
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(before, Ct);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO users (id, email, password_hash, currency, created_at, updated_at) VALUES
                    (1, 'ann@example.org', 'x', 'EUR', '2025-01-01 00:00:00', '2025-01-01 00:00:00'),
                    (2, 'bob@example.org', 'x', 'EUR', '2025-01-01 00:00:00', '2025-01-01 00:00:00'),
                    (3, 'cat@example.org', 'x', 'EUR', '2025-01-01 00:00:00', '2025-01-01 00:00:00');
                INSERT INTO profiles (id, user_id, name, avatar_color, is_owner, currency, created_at) VALUES
                    (1, 1, 'Home', '#2563EB', 1, 'EUR', '2025-01-01 00:00:00'),
                    (2, 3, 'Cat', '#2563EB', 1, 'EUR', '2025-01-01 00:00:00');
                INSERT INTO profile_members (profile_id, user_id, role, joined_at, version) VALUES
                    (1, 1, 'Admin', '2025-01-01 00:00:00', 1),
                    (1, 2, 'Viewer', '2025-02-01 00:00:00', 1),
                    (2, 3, 'Admin', '2025-01-01 00:00:00', 1);
                INSERT INTO alerts (id, profile_id, kind, title, message, created_at, read_at) VALUES
                    (1, 1, 'GoalAtRisk', 'read', 'm', '2025-03-01 00:00:00', '2025-03-02 08:00:00'),
                    (2, 1, 'GoalAtRisk', 'unread', 'm', '2025-03-03 00:00:00', NULL),
                    (3, 2, 'GoalAtRisk', 'read in another profile', 'm', '2025-03-01 00:00:00', '2025-03-05 00:00:00');
                """, Ct);

            await migrator.MigrateAsync(null, Ct);

            Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
            var reads = await db.AlertReads.OrderBy(r => r.AlertId).ThenBy(r => r.UserId).Select(r => new { r.AlertId, r.UserId, r.ReadAt }).ToListAsync(Ct);
            var readAt = new DateTime(2025, 3, 2, 8, 0, 0);
            Assert.Equal(
                [(1L, 1L, readAt), (1L, 2L, readAt), (3L, 3L, new DateTime(2025, 3, 5, 0, 0, 0))],
                reads.Select(r => (r.AlertId, r.UserId, r.ReadAt)));
            Assert.Equal(3, await db.Alerts.CountAsync(Ct));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class UpgradeFactory(string databasePath) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Testing");
            builder.UseSetting("ConnectionStrings:budget", $"Data Source={databasePath}");
        }
    }
}
