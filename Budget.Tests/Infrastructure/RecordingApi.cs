using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Budget.Api.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Infrastructure;

/// <summary>One SQL command a request ran, with SQLite's plan for it (<c>EXPLAIN QUERY PLAN</c>, SELECTs only).</summary>
public sealed record RecordedCommand(string Sql, string[] Plan);

/// <summary>The API with every SQL command recorded under the request (method and path) that ran it.</summary>
public sealed class RecordingApi : ApiFactory
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<RecordedCommand>> _byRequest = new();

    /// <summary>Sends the request and returns the SQL it ran (the caller sends each request once per test).</summary>
    public async Task<RecordedCommand[]> CommandsOfAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var response = await send();
        Assert.Equal(expected, response.StatusCode);
        var request = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath}";
        var commands = _byRequest.TryRemove(request, out var found) ? found.ToArray() : [];
        TestContext.Current.TestOutputHelper?.WriteLine($"{request}: {commands.Length} commands\n{Describe(commands)}");
        return commands;
    }

    /// <summary>The SQL text alone of what the request ran.</summary>
    public async Task<string[]> SqlOfAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected) =>
        [.. (await CommandsOfAsync(send, expected)).Select(c => c.Sql)];

    public static string Describe(IEnumerable<RecordedCommand> commands) =>
        string.Join("\n---\n", commands.Select(c => c.Plan.Length == 0 ? c.Sql : $"{c.Sql}\n  plan: {string.Join(" | ", c.Plan)}"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddHttpContextAccessor();
            services.ConfigureDbContext<BudgetDbContext>((provider, options) =>
                options.AddInterceptors(new Recorder(provider.GetRequiredService<IHttpContextAccessor>(), _byRequest)));
        });
    }

    private sealed class Recorder(IHttpContextAccessor http, ConcurrentDictionary<string, ConcurrentQueue<RecordedCommand>> byRequest) : DbCommandInterceptor
    {
        private void Record(DbCommand command)
        {
            // Background services (alert scan, schedules) run outside any request and are not recorded.
            if (http.HttpContext?.Request is { } request)
            {
                byRequest.GetOrAdd($"{request.Method} {request.Path}", _ => new()).Enqueue(new RecordedCommand(command.CommandText, PlanOf(command)));
            }
        }

        /// <summary>Asked on the command's own connection and transaction, with its parameters, before it runs.</summary>
        private static string[] PlanOf(DbCommand command)
        {
            if (!command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                return [];
            }
            using var explain = command.Connection!.CreateCommand();
            explain.Transaction = command.Transaction;
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            foreach (SqliteParameter parameter in command.Parameters)
            {
                explain.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value ?? DBNull.Value));
            }
            using var reader = explain.ExecuteReader();
            var plan = new List<string>();
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
            return [.. plan];
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }
    }
}
