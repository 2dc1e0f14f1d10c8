using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Budget.Tests.Infrastructure;

/// <summary>
/// The API as a real process on a loopback port (the build output the test project carries), for tests that must
/// kill it the hard way or restart it on the same data.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ApiProcess> StartAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Budget.Api.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__budget"] = $"Data Source={Path.Combine(dataDirectory, "budget.db")}";
        start.Environment["Auth__BcryptWorkFactor"] = "4";
        start.Environment["Network__PermitsPerMinute"] = "1000000";
        start.Environment["Network__SignInPermitsPerMinute"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if ((await client.GetAsync("/health", cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or too busy to answer within the probe's timeout on a loaded machine.
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {process.ExitCode} while starting.");
            }
            await Task.Delay(25, cancellationToken);
        }
        throw new TimeoutException("The API did not become healthy within 30 seconds.");
    }

    public HttpClient CreateClient() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>SIGKILL: no shutdown, no flush, exactly what a power cut or the OOM killer does to the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
