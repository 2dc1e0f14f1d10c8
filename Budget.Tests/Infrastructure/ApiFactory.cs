using Budget.Api.Alerts;
using Budget.Api.Schedules;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Budget.Tests.Infrastructure;

/// <summary>
/// The real API in memory, on its own SQLite file in a fresh folder, with a clock the tests can move.
/// BCrypt's cost is lowered (as configuration allows outside production) and the per-IP limit raised, because
/// every test client shares one address.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly bool _ownsData;

    public ApiFactory() : this(Directory.CreateTempSubdirectory("budget-tests-").FullName, new FakeTimeProvider(DateTimeOffset.UtcNow), ownsData: true)
    {
    }

    private ApiFactory(string dataDirectory, FakeTimeProvider clock, bool ownsData)
    {
        DataDirectory = dataDirectory;
        Clock = clock;
        _ownsData = ownsData;
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "budget.db");

    /// <summary>Starts at the real time; tests move it forward.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>Another API on the same data folder and clock: the app after a restart.</summary>
    public ApiFactory Restarted() => new(DataDirectory, Clock, ownsData: false);

    /// <summary>An API whose data lives in a folder the test prepared (and cleans up), such as a tiny disk.</summary>
    public static ApiFactory On(string dataDirectory) => new(dataDirectory, new FakeTimeProvider(DateTimeOffset.UtcNow), ownsData: false);

    /// <summary>Settings a test class changes (for example a lower rate limit).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:budget", $"Data Source={DatabasePath}");
        builder.UseSetting("Auth:BcryptWorkFactor", "4");
        builder.UseSetting("Network:PermitsPerMinute", "1000000");
        builder.UseSetting("Network:SignInPermitsPerMinute", "1000000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>
    /// Starts the app and waits for what it does in the background at start (the alert scan, the schedules' catch-up),
    /// so that a test comparing the database before and after its request never sees their writes land in between.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        var background = host.Services.GetServices<IHostedService>().ToArray();
        Task.WhenAll(background.OfType<AlertScanner>().Single().FirstScan, background.OfType<RecurringTransactionsService>().Single().CatchUp)
            .WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        return host;
    }

    /// <summary>A raw connection to the API's database file, to check what is really stored.</summary>
    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsData)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
