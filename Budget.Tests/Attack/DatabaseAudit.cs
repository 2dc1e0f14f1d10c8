using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Budget.Tests.Attack;

/// <summary>What is really in the database file: a full dump to diff, and the checks no row may ever fail.</summary>
public static class DatabaseAudit
{
    /// <summary>
    /// The schema and every row of every table, each value with its SQLite storage class, in a stable order: two dumps
    /// are equal exactly when nothing was written.
    /// </summary>
    public static string Dump(SqliteConnection connection)
    {
        var dump = new StringBuilder();
        foreach (var (name, sql) in Rows(connection, "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").Select(r => ((string)r[0]!, (string)r[1]!)))
        {
            dump.Append(sql).Append('\n');
        }
        foreach (var table in Tables(connection))
        {
            AppendRows(dump, connection, table, "");
        }
        return dump.ToString();
    }

    /// <summary>
    /// Every row that is not <paramref name="userId"/>'s, as <see cref="Dump"/> writes it: a row's user is found by
    /// following its foreign keys up to <c>users</c>, as <see cref="Violations"/> does, and a row of no user counts as
    /// someone else's. Two of these are equal exactly when nothing of anyone else's was written, changed or removed, nor
    /// anything added that is not the user's own.
    /// </summary>
    public static string DumpOfOthers(SqliteConnection connection, long userId)
    {
        var tables = Tables(connection);
        var keys = tables.ToDictionary(t => t, t => ForeignKeys(connection, t));
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            var owner = Owner(table, "t", "users", keys, 0);
            AppendRows(dump, connection, table, owner is null ? "" : $"WHERE ({owner}) IS NOT {userId}");
        }
        return dump.ToString();
    }

    private static void AppendRows(StringBuilder dump, SqliteConnection connection, string table, string where)
    {
        dump.Append("-- ").Append(table).Append('\n');
        var columns = string.Join(", ", Columns(connection, table).Where(c => !BackgroundColumns.Contains($"{table}.{c}")).Select(c => $"t.\"{c}\""));
        foreach (var row in Rows(connection, $"SELECT {columns} FROM \"{table}\" t {where} ORDER BY t.rowid"))
        {
            dump.AppendJoin(" | ", row.Select(Describe)).Append('\n');
        }
    }

    /// <summary>
    /// How the outbox's sending went: the delivery worker writes these in the background whenever an attempt ends, so
    /// they are no sign of what a request wrote (the rows themselves, and every other column, are still compared).
    /// </summary>
    private static readonly HashSet<string> BackgroundColumns =
    [
        "notification_deliveries.status", "notification_deliveries.attempts", "notification_deliveries.next_attempt_at",
        "notification_deliveries.completed_at", "notification_deliveries.last_error",
        "notification_channels.last_delivered_at", "notification_channels.last_error", "notification_channels.last_error_at",
    ];

    public static string[] Tables(SqliteConnection connection) =>
        Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").Select(r => (string)r[0]!).ToArray();

    public static string[] Columns(SqliteConnection connection, string table) =>
        Rows(connection, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid").Select(r => (string)r[0]!).ToArray();

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <c>PRAGMA integrity_check</c> is ok, <c>foreign_key_check</c> is empty, every INTEGER column holds integers (no
    /// money stored as text or real), and no row links two profiles or two users: for every foreign key, the row and the
    /// row it points at belong to the same profile (and the same user), found by following the keys up to
    /// <c>profiles</c> and <c>users</c>. Returns the failures, so a test can show them all at once.
    /// </summary>
    public static List<string> Violations(SqliteConnection connection)
    {
        var violations = new List<string>();
        var integrity = Rows(connection, "PRAGMA integrity_check").Select(r => r[0]?.ToString()).ToArray();
        if (integrity is not ["ok"])
        {
            violations.Add($"integrity_check: {string.Join("; ", integrity)}");
        }
        foreach (var row in Rows(connection, "PRAGMA foreign_key_check"))
        {
            violations.Add($"foreign_key_check: {string.Join(", ", row)}");
        }

        var tables = Tables(connection);
        var keys = tables.ToDictionary(t => t, t => ForeignKeys(connection, t));
        foreach (var table in tables)
        {
            foreach (var column in Rows(connection, $"SELECT name FROM pragma_table_info('{table}') WHERE upper(type) = 'INTEGER'").Select(r => (string)r[0]!))
            {
                var wrong = Scalar(connection, $"SELECT count(*) FROM \"{table}\" WHERE \"{column}\" IS NOT NULL AND typeof(\"{column}\") <> 'integer'");
                if (wrong > 0)
                {
                    violations.Add($"{table}.{column}: {wrong} values that are not integers");
                }
            }
            foreach (var scope in new[] { "profiles", "users" })
            {
                if (scope == "users" && SharedAcrossUsers.Contains(table))
                {
                    continue;
                }
                foreach (var key in keys[table].Where(k => k.Parent != scope))
                {
                    var mine = Owner(table, "t", scope, keys, 0);
                    var theirs = Owner(key.Parent, "p", scope, keys, 0);
                    if (mine is null || theirs is null)
                    {
                        continue;
                    }
                    var crossing = Scalar(connection, $"SELECT count(*) FROM \"{table}\" t JOIN \"{key.Parent}\" p ON p.\"{key.ParentColumn}\" = t.\"{key.Column}\" WHERE ({mine}) IS NOT ({theirs})");
                    if (crossing > 0)
                    {
                        violations.Add($"{table}.{key.Column} -> {key.Parent}: {crossing} rows point into another {scope[..^1]}");
                    }
                }
            }
        }
        return violations;
    }

    /// <summary>Tables whose rows join a user to someone else's profile on purpose (sharing): checked per profile only.</summary>
    private static readonly string[] SharedAcrossUsers = ["profile_members"];

    /// <summary>The rows that each table's foreign keys were checked on, so an empty table cannot pass the audit vacuously.</summary>
    public static Dictionary<string, long> RowCounts(SqliteConnection connection) =>
        Tables(connection).ToDictionary(t => t, t => Scalar(connection, $"SELECT count(*) FROM \"{t}\""));

    private sealed record ForeignKey(string Column, string Parent, string ParentColumn, bool Required);

    private static List<ForeignKey> ForeignKeys(SqliteConnection connection, string table) =>
        Rows(connection, $"SELECT k.\"from\", k.\"table\", coalesce(k.\"to\", 'id'), c.\"notnull\" FROM pragma_foreign_key_list('{table}') k JOIN pragma_table_info('{table}') c ON c.name = k.\"from\"")
            .Select(r => new ForeignKey((string)r[0]!, (string)r[1]!, (string)r[2]!, Convert.ToInt64(r[3], CultureInfo.InvariantCulture) == 1)).ToList();

    /// <summary>An SQL expression for the id of the <paramref name="scope"/> row that owns <paramref name="alias"/>, or null if none does.</summary>
    private static string? Owner(string table, string alias, string scope, Dictionary<string, List<ForeignKey>> keys, int depth)
    {
        if (table == scope)
        {
            return $"{alias}.id";
        }
        // A row's own key to the scope (or to its profile) decides, never a key the audit is about to check.
        // A key that may be null (a transaction's schedule) cannot decide: a row without it would have no owner.
        foreach (var key in keys[table].OrderBy(k => k.Parent == scope ? 0 : k.Parent == "profiles" ? 1 : 2).ThenBy(k => k.Required ? 0 : 1))
        {
            var parentAlias = $"o{depth}";
            if (Owner(key.Parent, parentAlias, scope, keys, depth + 1) is { } parentOwner)
            {
                return key.Parent == scope
                    ? $"{alias}.\"{key.Column}\""
                    : $"(SELECT {parentOwner} FROM \"{key.Parent}\" {parentAlias} WHERE {parentAlias}.\"{key.ParentColumn}\" = {alias}.\"{key.Column}\")";
            }
        }
        return null;
    }

    private static string Describe(object? value) => value switch
    {
        null or DBNull => "NULL",
        byte[] blob => "x'" + Convert.ToHexString(blob) + "'",
        string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
        double real => real.ToString("R", CultureInfo.InvariantCulture) + "r",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static List<object?[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }
        return rows;
    }
}
