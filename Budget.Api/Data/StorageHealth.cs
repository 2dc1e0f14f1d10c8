using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Budget.Api.Data;

/// <summary>
/// Whether the database can take writes. It is learned from the writes themselves (no probe that would wear the SD
/// card): a write that fails for lack of space or a read-only file makes readiness unhealthy, so k3s stops sending
/// traffic; the next write that succeeds makes it healthy again, without a restart. Reads go on all the while.
/// SQLite may raise the error at the statement, while reading its RETURNING row, or at commit, so failures are
/// reported by the error handler, which sees them all.
/// </summary>
public sealed class StorageHealth : IHealthCheck
{
    public const string Name = "storage";

    private volatile string? _problem;

    public static bool IsStorageFailure(Exception exception, out bool full)
    {
        full = false;
        if (exception.GetBaseException() is not SqliteException sqlite)
        {
            return false;
        }
        full = sqlite.SqliteErrorCode == SQLitePCL.raw.SQLITE_FULL;
        return full || sqlite.SqliteErrorCode is SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_CANTOPEN;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());

    /// <summary>Records a failed write (the error handler sees every one, wherever SQLite raised it).</summary>
    public void Report(bool full) => _problem = full ? "The disk holding the database is full." : "The database cannot be written.";

    /// <summary>A write that succeeds (SaveChanges, or a bulk update or delete) means storage is fine again.</summary>
    internal sealed class Observer(StorageHealth health) : ISaveChangesInterceptor, IDbCommandInterceptor
    {
        public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            health._problem = null;
            return result;
        }

        public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            health._problem = null;
            return ValueTask.FromResult(result);
        }

        public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            health._problem = null;
            return result;
        }

        public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            health._problem = null;
            return ValueTask.FromResult(result);
        }
    }
}
