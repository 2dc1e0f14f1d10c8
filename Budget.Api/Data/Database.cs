using System.Data.Common;
using Budget.Api.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Budget.Api.Data;

/// <summary>Where the SQLite file lives, how every connection to it is set up, and how it is brought up to date.</summary>
public static class Database
{
    public const string ConnectionName = "budget";
    private const string DefaultConnectionString = "Data Source=data/budget.db";

    /// <summary>The folder holding the database; the generated signing key lives beside it.</summary>
    public static string DataDirectory(this IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetDirectoryName(DatabasePath(configuration, environment))!;

    public static IServiceCollection AddBudgetDatabase(this IServiceCollection services)
    {
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<StorageHealth.Observer>();
        services.AddHealthChecks().AddCheck<StorageHealth>(StorageHealth.Name);
        services.AddDbContextPool<BudgetDbContext>((provider, options) => options
            .UseSqlite(BuildConnectionString(provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>()))
            .AddInterceptors(ConnectionPragmas.Instance, provider.GetRequiredService<StorageHealth.Observer>()));
        return services;
    }

    /// <summary>
    /// Creates the file (mode 600) if needed, switches it to WAL and applies pending migrations. Plain SQLite unless a
    /// migration is pending: EF Core's first context sets up its services, which the background passes a second after
    /// start do anyway, so the API answers its readiness probe without waiting for them.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var (configuration, environment) = (services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>());
        EnsureOwnerOnlyFile(DatabasePath(configuration, environment));
        var connectionString = BuildConnectionString(configuration, environment);
        string? applied;
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // WAL lets readers go on while one writer writes; the setting is kept in the file.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            applied = await LatestAppliedMigrationAsync(command, cancellationToken);
        }
        // EF's migrator builds the whole relational model and differ (about a second on a Pi): only when needed.
        if (applied != NewestMigration)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BudgetDbContext>().Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The newest migration in Data/Migrations (EF applies them in the order of their ids): update it with each new
    /// migration, or start-up will not apply it (DatabaseTests fails). Written down, because finding it by reflection
    /// loaded every type of the API at each start, and the Redis and PDF libraries with them: ~1 MiB of memory.
    /// </summary>
    private const string NewestMigration = "20261202033024_CoveringTransactionsIndex";

    /// <summary>The newest row of EF's history table; null on a new database.</summary>
    private static async Task<string?> LatestAppliedMigrationAsync(DbCommand command, CancellationToken cancellationToken)
    {
        // Two statements: SQLite will not even prepare a query that names a missing table.
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';";
        if (await command.ExecuteScalarAsync(cancellationToken) is null)
        {
            return null;
        }
        command.CommandText = """SELECT MigrationId FROM "__EFMigrationsHistory" ORDER BY MigrationId DESC LIMIT 1;""";
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// A read-only snapshot for queries that must agree with each other. Deferred, unlike EF's default
    /// (BEGIN IMMEDIATE), so readers never queue behind the writer.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginSnapshotAsync(this BudgetDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        return (await db.Database.UseTransactionAsync(connection.BeginTransaction(deferred: true), cancellationToken))!;
    }

    internal static string BuildConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString(ConnectionName) ?? DefaultConnectionString);
        builder.DataSource = DatabasePath(configuration, environment);
        builder.ForeignKeys = true;
        return builder.ToString();
    }

    internal static string DatabasePath(IConfiguration configuration, IHostEnvironment environment)
    {
        var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString(ConnectionName) ?? DefaultConnectionString);
        return Path.GetFullPath(builder.DataSource, environment.ContentRootPath);
    }

    // An empty file is an empty SQLite database. SQLite creates its -wal and -shm files with this file's mode.
    private static void EnsureOwnerOnlyFile(string path)
    {
        OwnerOnlyFiles.EnsureDirectory(Path.GetDirectoryName(path)!);
        OwnerOnlyFiles.TryCreate(path, "");
    }

    /// <summary>Per-connection settings SQLite does not keep in the file.</summary>
    private sealed class ConnectionPragmas : DbConnectionInterceptor
    {
        public static readonly ConnectionPragmas Instance = new();

        // busy_timeout: wait for the writer instead of failing with "database is locked".
        // synchronous FULL: a commit is on the SD card before it is acknowledged, so a power cut loses nothing
        // that was acknowledged (NORMAL in WAL mode may lose the last commits).
        // cache_size 512 KiB: each pooled connection keeps its own page cache (2 MiB by default), counted against
        // the pod's 64 MiB; pages beyond it come from the kernel's file cache, which the kernel can reclaim.
        private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA cache_size = -512;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
