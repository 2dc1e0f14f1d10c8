using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// Text that is SQL to a careless server is only text to Budget: stored and answered verbatim in every string field,
/// harmless in every query parameter, and the schema and other rows are untouched. The source holds no SQL built from
/// interpolated or concatenated strings.
/// </summary>
public sealed partial class SqlInjectionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Classic payloads for SQLite (and a few for other engines), all printable and without outer spaces, as stored text keeps them.</summary>
    public static readonly string[] Payloads =
    [
        "'",
        "\"",
        "';--",
        "' OR '1'='1",
        "' OR 1=1 --",
        "\" OR \"\"=\"",
        "1; DROP TABLE users; --",
        "'); DROP TABLE transactions; --",
        "Robert'); DELETE FROM profiles WHERE ('1'='1",
        "' UNION SELECT password_hash, email FROM users --",
        "' UNION SELECT sql FROM sqlite_master --",
        "1' AND (SELECT count(*) FROM refresh_tokens) > 0 --",
        "'; ATTACH DATABASE '/tmp/pwn.db' AS pwn; --",
        "'; PRAGMA writable_schema = 1; --",
        "%' AND 1=0 UNION SELECT 1 --",
        "\\'; SELECT load_extension('x'); --",
        "1 OR sleep(5)",
        "' || (SELECT hex(randomblob(100000000))) || '",
        "$1; $id; @p0; ?1; :name",
        "`; \\x27; %27; &#39;",
        "Ünïcödé ' 😀 ”; ––",
        "*/ SELECT 1 /*",
    ];

    [Fact]
    public async Task Every_string_field_stores_and_answers_sql_verbatim_and_the_schema_is_untouched()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var bystander = await AttackHousehold.CreateAsync(factory, "bystander", profiles: 1);
        using var database = factory.OpenDatabase();
        var schema = Schema(database);
        var bystanderBefore = await ReadAllAsync(bystander);
        // Updates where a resource has them (creating hundreds would meet the per-profile limits), else the create.
        var all = ApiRoute.All(factory).Where(r => r.TakesBody && r.Pattern.StartsWith("/api/profiles", StringComparison.Ordinal)).ToList();
        // An import preview stores nothing; the file name it takes is stored, and checked, by the import itself.
        var routes = all.Where(r => r.Method == "PUT" || (r.Method == "POST" && !r.Pattern.EndsWith("/preview", StringComparison.Ordinal)
            && !all.Any(u => u.Method == "PUT" && u.Pattern.StartsWith(r.Pattern + "/{", StringComparison.Ordinal)))).ToList();
        var checkedFields = new HashSet<string>();
        var failures = new List<string>();

        foreach (var route in routes)
        {
            var sample = household.SampleBody(route);
            foreach (var member in sample.Where(m => m.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && !IsFormatted(m.Key)).Select(m => m.Key).ToList())
            {
                foreach (var payload in Payloads)
                {
                    // Multipart's own quoting, before any SQL: ASP.NET unquotes a file name that starts and ends with a quote.
                    if (route.IsUpload && member == "fileName" && payload is ['"', _, ..] && payload[^1] == '"')
                    {
                        continue;
                    }
                    var body = sample.DeepClone().AsObject();
                    body[member] = payload;
                    var response = await household.User.Client.SendAsync(route.Request(household.Ids, body), Ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Add($"{route.Key} {member}={payload}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                        continue;
                    }
                    var answered = (await response.ReadJsonAsync()).GetProperty(member).GetString();
                    var read = (await household.User.Client.GetJsonAsync(response.Headers.Location?.OriginalString ?? route.Url(household.Ids))).GetProperty(member).GetString();
                    if (answered != payload || read != payload)
                    {
                        failures.Add($"{route.Key} {member}={payload}: answered {answered}, read back {read}");
                    }
                    checkedFields.Add($"{route.Key} {member}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(schema, Schema(database));
        Assert.Equal(bystanderBefore, await ReadAllAsync(bystander));
        Assert.Empty(DatabaseAudit.Violations(database));
        Assert.False(File.Exists("/tmp/pwn.db"), "the ATTACH payload ran");
        Assert.Contains("POST /api/profiles/{profileId}/budgets/{budgetId}/transactions note", checkedFields);
        Assert.Contains("PUT /api/profiles/{profileId}/nodes/{nodeId} institution", checkedFields);
        Assert.Contains("PUT /api/profiles/{profileId} name", checkedFields);
    }

    [Fact]
    public async Task Sql_in_every_query_parameter_is_a_named_400_or_ignored_never_a_500()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);
        var profile = $"/api/profiles/{household.User.ProfileId}";
        var queries = new[]
        {
            $"{profile}/budgets?date=", $"{profile}/budgets/{household.Ids["budgetId"]}?date=", $"{profile}/dashboard?date=",
            $"{profile}/forecast?date=", $"{profile}/forecast?months=",
            $"{profile}/budgets/{household.Ids["budgetId"]}/transactions?from=", $"{profile}/budgets/{household.Ids["budgetId"]}/transactions?to=",
            $"{profile}/budgets/{household.Ids["budgetId"]}/transactions?limit=", $"{profile}/budgets/{household.Ids["budgetId"]}/transactions?offset=",
            $"{profile}/budgets/{household.Ids["budgetId"]}/transactions?sort=", $"{profile}/nodes?orderBy=",
        };
        var failures = new List<string>();

        foreach (var query in queries)
        {
            foreach (var payload in Payloads.Append("2026-01-01' OR '1'='1").Append("1e9999").Append("-1"))
            {
                var response = await household.User.Client.GetAsync(query + Uri.EscapeDataString(payload), Ct);
                var status = (int)response.StatusCode;
                if (status == 400)
                {
                    var field = (await response.ProblemFieldsAsync()).Single();
                    if (!query.EndsWith($"?{field}=", StringComparison.Ordinal))
                    {
                        failures.Add($"{query}{payload}: 400 naming {field}");
                    }
                }
                else if (status != 200)
                {
                    failures.Add($"{query}{payload}: {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Theory]
    [InlineData("o'brien--@example.org")]
    [InlineData("\"; DROP TABLE users; --\"@example.org")]
    public async Task An_email_with_sql_in_it_is_an_ordinary_account(string email)
    {
        var client = factory.CreateClient();

        var registered = await client.SendJsonAsync(HttpMethod.Post, "/api/auth/register", JsonSerializer.Serialize(new { email, password = TestUser.DefaultPassword }));
        var signedIn = await client.SendJsonAsync(HttpMethod.Post, "/api/auth/login", JsonSerializer.Serialize(new { email, password = TestUser.DefaultPassword }));
        var wrong = await client.SendJsonAsync(HttpMethod.Post, "/api/auth/login", JsonSerializer.Serialize(new { email = "' OR '1'='1", password = "' OR '1'='1" }));

        Assert.True(registered.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"register: {(int)registered.StatusCode}");
        Assert.Equal(registered.StatusCode == HttpStatusCode.Created ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var database = factory.OpenDatabase();
        Assert.Equal(registered.StatusCode == HttpStatusCode.Created ? 1 : 0, DatabaseAudit.Scalar(database, $"SELECT count(*) FROM users WHERE email = '{email.Replace("'", "''", StringComparison.Ordinal)}'"));
    }

    [Fact]
    public void The_api_builds_no_sql_from_interpolated_or_concatenated_strings()
    {
        var source = Path.Combine(RepositoryRoot(), "Budget.Api");
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (File: Path.GetRelativePath(source, file), Line: index + 1, Text: line)))
            .Where(line => RawSqlCall().IsMatch(line.Text) || InterpolatedSql().IsMatch(line.Text))
            .Select(line => $"{line.File}:{line.Line}: {line.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
        Assert.Matches(InterpolatedSql(), "var sql = $\"SELECT * FROM users WHERE email = '{email}'\";");
        Assert.Matches(RawSqlCall(), "db.Database.ExecuteSqlRawAsync(\"DELETE FROM users WHERE id = \" + id);");
    }

    /// <summary>A raw-SQL API given anything but one string literal (interpolation, concatenation, a variable built elsewhere).</summary>
    [GeneratedRegex(@"(ExecuteSqlRaw(Async)?|FromSqlRaw|SqlQueryRaw)\s*\(\s*(?!""[^""]*""\s*[,)])")]
    private static partial Regex RawSqlCall();

    /// <summary>An interpolated or concatenated string that reads as SQL.</summary>
    [GeneratedRegex(@"(\$@?""|""\s*\+)[^""]*\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|VACUUM|ATTACH|WHERE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InterpolatedSql();

    /// <summary>Members with a format of their own (dates, colours, emails, enums): SQL there is a 400, covered by the bad-input corpus.</summary>
    private static bool IsFormatted(string member) =>
        member is "date" or "deadline" or "avatarColor" or "type" or "period" or "email" or "role" or "file" or "frequency" or "weekday" or "startDate" or "endDate";

    private static string Schema(Microsoft.Data.Sqlite.SqliteConnection database)
    {
        var dump = DatabaseAudit.Dump(database);
        return dump[..dump.IndexOf("-- ", StringComparison.Ordinal)];
    }

    private static async Task<string> ReadAllAsync(AttackHousehold household)
    {
        var profile = $"/api/profiles/{household.User.ProfileId}";
        var parts = new List<string>();
        foreach (var url in new[] { "/api/profiles", $"{profile}/nodes", $"{profile}/flows", $"{profile}/budgets?date=2026-01-20", $"{profile}/budgets/{household.Ids["budgetId"]}/transactions", $"{profile}/goals", "/api/auth/me" })
        {
            parts.Add((await household.User.Client.GetJsonAsync(url)).GetRawText());
        }
        return string.Join('\n', parts);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Budget.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Budget.sln not found above the test binaries.");
    }
}
