using Budget.Api.Data;

namespace Budget.Api.Backup;

/// <summary>
/// <c>Budget.Api backup &lt;target-dir&gt;</c>: the nightly backup the k3s CronJob runs with the app's own image and
/// settings (the same <c>ConnectionStrings__budget</c>), so it always finds the database the API uses.
/// Exit code 0 when a checked copy is in place, 1 when the backup failed, 2 for a wrong command line.
/// </summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public static bool Matches(string[] args) => args is [Name, ..];

    public static int Run(string[] args, TimeProvider? clock = null)
    {
        if (args is not [Name, var targetDirectory, .. var settings] || targetDirectory.StartsWith('-'))
        {
            Console.Error.WriteLine("usage: Budget.Api backup <target-dir> [--ConnectionStrings:budget=...]");
            return 2;
        }

        // The API's own configuration sources (appsettings, environment, command line), without starting the web host.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings });
        var databasePath = Database.DatabasePath(builder.Configuration, builder.Environment);
        try
        {
            var file = new DatabaseBackup(clock ?? TimeProvider.System).Run(databasePath, Path.GetFullPath(targetDirectory), DatabaseBackup.DefaultRetention);
            Console.WriteLine($"Backed up {databasePath} to {file}");
            return 0;
        }
        catch (Exception exception) when (exception is BackupException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"Backup failed: {exception.Message}");
            return 1;
        }
    }
}
