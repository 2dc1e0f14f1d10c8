using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Budget.Tests.Infrastructure;

/// <summary>The API keeping every log line it writes (at the levels configuration lets through), for tests of what is logged.</summary>
public class LoggedApi : ApiFactory
{
    public ConcurrentQueue<LogLine> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(Logs)));
    }

    public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message} {Exception}";
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<LogLine> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class QueueLogger(string category, ConcurrentQueue<LogLine> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), exception));
        }
    }
}
