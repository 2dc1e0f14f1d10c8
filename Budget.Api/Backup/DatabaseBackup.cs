using System.Globalization;
using Budget.Api.Common;
using Microsoft.Data.Sqlite;

namespace Budget.Api.Backup;

/// <summary>
/// A consistent copy of the live database, taken with SQLite's online backup while the app goes on writing. The copy
/// is written to a temporary file, checked with <c>PRAGMA integrity_check</c> and only then renamed into place, so a
/// broken copy never takes the name (or the place) of a good one. Old copies are pruned only after a good one is in.
/// </summary>
public sealed class DatabaseBackup(TimeProvider clock)
{
    public const string FilePrefix = "budget-";
    public const string FileExtension = ".db";
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);
    private const string TempSuffix = ".tmp";
    private const string DayFormat = "yyyyMMdd";
    private const string TimeFormat = "HHmmss";

    /// <summary>Copies <paramref name="databasePath"/> into <paramref name="targetDirectory"/> and returns the new file.</summary>
    public string Run(string databasePath, string targetDirectory, TimeSpan retention)
    {
        if (!File.Exists(databasePath))
        {
            throw new BackupException($"There is no database at {databasePath}.");
        }
        OwnerOnlyFiles.EnsureDirectory(targetDirectory);
        var now = clock.GetUtcNow();
        var temp = Path.Combine(targetDirectory, $".{FilePrefix}{now.ToString($"{DayFormat}-{TimeFormat}", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}{FileExtension}{TempSuffix}");
        try
        {
            Copy(databasePath, temp);
            Check(temp);
            var final = Publish(temp, targetDirectory, now);
            Prune(targetDirectory, now, retention, keep: final);
            return final;
        }
        finally
        {
            DeleteWithSidecars(temp);
        }
    }

    private static void Copy(string databasePath, string temp)
    {
        OwnerOnlyFiles.TryCreate(temp, "");
        // ReadWrite, not ReadOnly: a reader of a WAL database must be able to update the shared-memory index.
        using var source = Open(databasePath, SqliteOpenMode.ReadWrite);
        using var destination = Open(temp, SqliteOpenMode.ReadWrite);
        // One step over all pages under one read transaction: a snapshot of the moment, while writers go on in the WAL.
        source.BackupDatabase(destination);
        // The copy stands alone: no -wal file beside it, and a restore needs only this one file.
        Execute(destination, "PRAGMA journal_mode = DELETE;");
    }

    private static void Check(string temp)
    {
        using var copy = Open(temp, SqliteOpenMode.ReadOnly);
        using var command = copy.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            problems.Add(reader.GetString(0));
        }
        if (problems is not ["ok"])
        {
            throw new BackupException($"The copy failed its integrity check: {string.Join("; ", problems.Take(5))}");
        }
    }

    /// <summary>One name a day; a second backup the same day gets the time as well. Never overwrites.</summary>
    private static string Publish(string temp, string targetDirectory, DateTimeOffset now)
    {
        using (var file = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Flush(flushToDisk: true);
        }
        var day = now.ToString(DayFormat, CultureInfo.InvariantCulture);
        foreach (var name in new[] { $"{FilePrefix}{day}{FileExtension}", $"{FilePrefix}{day}-{now.ToString(TimeFormat, CultureInfo.InvariantCulture)}{FileExtension}" })
        {
            var final = Path.Combine(targetDirectory, name);
            try
            {
                File.Move(temp, final, overwrite: false);
                return final;
            }
            catch (IOException) when (File.Exists(final))
            {
                // Taken already today: try the name with the time.
            }
        }
        throw new BackupException($"A backup named for {now:O} is already in {targetDirectory}.");
    }

    /// <summary>Deletes backups whose name dates them more than <paramref name="retention"/> ago, and leftovers of failed runs.</summary>
    private static void Prune(string targetDirectory, DateTimeOffset now, TimeSpan retention, string keep)
    {
        var cutoff = now - retention;
        foreach (var path in Directory.EnumerateFiles(targetDirectory))
        {
            var name = Path.GetFileName(path);
            if (path == keep)
            {
                continue;
            }
            if (name.EndsWith(TempSuffix, StringComparison.Ordinal) && File.GetLastWriteTimeUtc(path) < now.UtcDateTime.AddDays(-1))
            {
                // A temp file older than a day is a run that died; nothing reads it.
                File.Delete(path);
            }
            else if (TryDateOf(name, out var taken) && taken < cutoff)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>The day a backup's name says it was taken (the end of that day, so a whole day is kept).</summary>
    public static bool TryDateOf(string fileName, out DateTimeOffset taken)
    {
        taken = default;
        if (!fileName.StartsWith(FilePrefix, StringComparison.Ordinal) || !fileName.EndsWith(FileExtension, StringComparison.Ordinal))
        {
            return false;
        }
        var stamp = fileName[FilePrefix.Length..^FileExtension.Length];
        if (stamp.Length < DayFormat.Length
            || !DateTimeOffset.TryParseExact(stamp[..DayFormat.Length], DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day))
        {
            return false;
        }
        taken = day.AddDays(1);
        return true;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        // Wait for a writer's checkpoint instead of failing with "database is locked".
        Execute(connection, "PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void DeleteWithSidecars(string path)
    {
        foreach (var file in new[] { path, $"{path}-journal", $"{path}-wal", $"{path}-shm" })
        {
            File.Delete(file);
        }
    }
}

public sealed class BackupException(string message) : Exception(message);
