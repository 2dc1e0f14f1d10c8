using Microsoft.Data.Sqlite;

namespace Budget.Tests.Infrastructure;

/// <summary>
/// Another writer holding SQLite's write lock on the API's database (as a large restore does) until disposed:
/// the API's writers queue behind it or, past their wait, fail as busy. Readers go on (WAL).
/// </summary>
public sealed class WriteLockHold : IDisposable
{
    private readonly SqliteConnection _connection;

    public WriteLockHold(ApiFactory api)
    {
        _connection = api.OpenDatabase();
        Execute("BEGIN IMMEDIATE");
    }

    /// <summary>Rolls back (nothing was written) and closes the connection, letting queued writers in.</summary>
    public void Dispose()
    {
        Execute("ROLLBACK");
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
