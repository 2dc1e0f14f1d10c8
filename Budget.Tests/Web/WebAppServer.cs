using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Budget.Tests.Web;

/// <summary>
/// The API on a real Kestrel port (127.0.0.1) and a real SQLite file, serving the web app built for this run, plus
/// Debian's Chromium driven by Playwright (Playwright's own browser download does not work on our machines).
/// </summary>
public sealed class WebAppServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _webRoot = Directory.CreateTempSubdirectory("budget-web-").FullName;
    private WebApiFactory? _api;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The running API's services, to run what it otherwise runs on its own (a pass of recurring transactions).</summary>
    public IServiceProvider ApiServices => _api!.Services;

    /// <summary>The API's today (its clock), for seeding dated history.</summary>
    public DateOnly Today => DateOnly.FromDateTime(_api!.Clock.GetUtcNow().UtcDateTime);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string WebProject => Path.Combine(RepositoryRoot, "Budget.Web");

    public static string ScreenshotDirectory => Path.Combine(RepositoryRoot, "Budget.Tests", "artifacts", "screenshots");

    public async ValueTask InitializeAsync()
    {
        await BuildWebAppAsync();

        var port = FreePort();
        _api = new WebApiFactory(_webRoot);
        _api.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _api.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_api is not null) await _api.DisposeAsync();
        Directory.Delete(_webRoot, recursive: true);
    }

    /// <summary>A fresh browser profile (its own cookies) at phone or desktop size, with a touch screen if asked; the page CSP is bypassed only so axe can be injected.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool touch = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = true,
            ServiceWorkers = ServiceWorkerPolicy.Block,
            HasTouch = touch,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Builds the web app as `dotnet publish` does, into a folder of this run's own.</summary>
    private async Task BuildWebAppAsync()
    {
        if (!Directory.Exists(Path.Combine(WebProject, "node_modules")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", new Dictionary<string, string>());
        }
        await RunAsync("node", "node_modules/vite/bin/vite.js build --logLevel warn", new Dictionary<string, string> { ["BUDGET_WEB_OUT"] = _webRoot });
    }

    private static async Task RunAsync(string file, string arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed:\n{await output}\n{await errors}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Budget.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Budget.sln not found above the test output.");
    }

    private sealed class WebApiFactory(string webRoot) : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseWebRoot(webRoot);
        }
    }
}
