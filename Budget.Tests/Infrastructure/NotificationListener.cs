using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Budget.Tests.Infrastructure;

/// <summary>One request as the listener received it, stamped with the app's (fake) clock.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, a free port) playing ntfy, Gotify or a webhook receiver: it records
/// every request and answers what <see cref="Answer"/> says for the n-th one (1-based), or hangs when told to.
/// </summary>
public sealed class NotificationListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly TimeProvider _clock;
    private int _count;

    private NotificationListener(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    /// <summary>The status to answer the n-th request with; null hangs until the caller gives up.</summary>
    public Func<int, int?> Answer { get; set; } = _ => 200;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<NotificationListener> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new NotificationListener(app, clock);
        app.Run(listener.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        listener.BaseUrl = address.TrimEnd('/');
        return listener;
    }

    /// <summary>Waits (real time) until <paramref name="count"/> requests arrived, moving the app's clock by <paramref name="step"/> each round.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_received.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the listener got {_received.Count} of {count} requests");
            if (clock is not null)
            {
                clock.Advance(step ?? TimeSpan.FromSeconds(5));
            }
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
        return Received;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var number = Interlocked.Increment(ref _count);
        _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body, _clock.GetUtcNow()));
        if (Answer(number) is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }
        await Task.Delay(Timeout.Infinite, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        // A hanging request is cut off after a second instead of being waited for.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
