using System.Net;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// OWASP API3 (excessive data exposure): every answer carries exactly the members its resource is meant to show. A new
/// member (a hash, an owner id, an internal column) fails here until it is added to the allow-list on purpose, and no
/// answer to anyone contains a stored password hash, a token hash or another user's email.
/// </summary>
public sealed class ResponseShapeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Profile = ["avatarColor", "createdAt", "currency", "currencyExponent", "id", "isOwner", "memberCount", "name", "ownerEmail", "role", "sharedWithYou", "version"];
    private static readonly string[] Member = ["email", "id", "joinedAt", "role", "version", "you"];
    private static readonly string[] SentInvitation = ["createdAt", "email", "expired", "expiresAt", "id", "role"];
    private static readonly string[] Node = ["amount", "apy", "balance", "createdAt", "id", "institution", "label", "metadata", "metadata.color", "type", "version"];
    private static readonly string[] Flow = ["amount", "createdAt", "fromNodeId", "id", "label", "toNodeId", "version"];
    private static readonly string[] SpendingBudget = ["alertThresholds", "budgeted", "createdAt", "id", "name", "period", "periodEnd", "periodStart", "remaining", "spent", "version"];
    private static readonly string[] Transaction = ["amount", "budgetId", "createdAt", "date", "id", "note", "recurring", "scheduleId"];
    private static readonly string[] Schedule =
        ["amount", "budgetId", "createdAt", "dayOfMonth", "endDate", "frequency", "id", "interval", "month", "nextOccurrence", "note", "startDate", "version", "weekday"];
    private static readonly string[] Goal = ["createdAt", "current", "deadline", "extraMonthlyNeeded", "id", "monthlySaving", "name", "nodeId", "onTrack", "priority", "progress", "projectedCompletion", "target", "version"];
    private static readonly string[] Import = ["alreadyImported", "budgetId", "createdAt", "fileName", "format", "id", "imported"];
    private static readonly string[] CsvMapping =
        ["amountColumn", "creditColumn", "dateColumn", "dateFormat", "debitColumn", "decimalSeparator", "delimiter", "descriptionColumn", "firstRowIsHeader", "payeeColumn", "skipLines"];
    private static readonly string[] Alert = ["budgetId", "createdAt", "goalId", "id", "kind", "message", "periodStart", "readAt", "threshold", "title"];
    private static readonly string[] Channel = ["createdAt", "enabled", "id", "kind", "lastDeliveredAt", "lastError", "lastErrorAt", "name", "tokenHint", "url", "version"];
    private static readonly string[] Tokens = ["accessToken", "expiresIn", "refreshToken", "tokenType"];
    private static readonly string[] Backup =
    [
        "currency", "exportedAt", "format", "version",
        .. Items(["avatarColor", "createdAt", "isOwner", "name", "nodes", "flows", "budgets", "goals"], "profiles"),
        .. Items(["amount", "apy", "balance", "createdAt", "id", "institution", "label", "metadata", "metadata.color", "type"], "profiles[].nodes"),
        .. Items(["amount", "createdAt", "fromNodeId", "id", "label", "toNodeId"], "profiles[].flows"),
        .. Items(["alertThresholds", "budgeted", "createdAt", "id", "name", "period", "schedules", "transactions"], "profiles[].budgets"),
        .. Items(["amount", "createdAt", "dayOfMonth", "endDate", "frequency", "handledThrough", "id", "interval", "month", "note", "startDate", "weekday"], "profiles[].budgets[].schedules"),
        .. Items(["amount", "createdAt", "date", "note", "scheduleId", "scheduledFor"], "profiles[].budgets[].transactions"),
        .. Items(["createdAt", "current", "deadline", "id", "name", "nodeId", "priority", "startingAmount", "target"], "profiles[].goals"),
    ];

    /// <summary>The members each route may answer with, nested members as <c>parent.child</c>, array items as <c>list[].member</c>.</summary>
    private static readonly Dictionary<string, string[]> AllowedMembers = new()
    {
        ["GET /api/auth/me"] = ["createdAt", "currency", "currencyExponent", "email", "id"],
        ["POST /api/auth/register"] = Tokens,
        ["POST /api/auth/login"] = Tokens,
        ["POST /api/auth/refresh"] = Tokens,
        ["GET /api/account/export"] = Backup,
        ["GET /api/account/upload-limits"] = ["backupBytes", "importFileBytes"],
        ["POST /api/account/restore"] = ["budgets", "flows", "goals", "nodes", "transactions", .. Items(["id", "intoOwnProfile", "name"], "profiles")],
        ["GET /api/profiles"] = Items(Profile),
        ["GET /api/profiles/{profileId}"] = Profile,
        ["POST /api/profiles"] = Profile,
        ["PUT /api/profiles/{profileId}"] = Profile,
        ["GET /api/profiles/{profileId}/nodes"] = Items(Node),
        ["GET /api/profiles/{profileId}/nodes/{nodeId}"] = Node,
        ["POST /api/profiles/{profileId}/nodes"] = Node,
        ["PUT /api/profiles/{profileId}/nodes/{nodeId}"] = Node,
        ["GET /api/profiles/{profileId}/flows"] = Items(Flow),
        ["GET /api/profiles/{profileId}/flows/{flowId}"] = Flow,
        ["POST /api/profiles/{profileId}/flows"] = Flow,
        ["PUT /api/profiles/{profileId}/flows/{flowId}"] = Flow,
        ["GET /api/profiles/{profileId}/budgets"] = Items(SpendingBudget),
        ["GET /api/profiles/{profileId}/budgets/{budgetId}"] = SpendingBudget,
        ["POST /api/profiles/{profileId}/budgets"] = SpendingBudget,
        ["PUT /api/profiles/{profileId}/budgets/{budgetId}"] = SpendingBudget,
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/transactions"] = Items(Transaction),
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/transactions/{transactionId}"] = Transaction,
        ["POST /api/profiles/{profileId}/budgets/{budgetId}/transactions"] = Transaction,
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/schedules"] = Items(Schedule),
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}"] = Schedule,
        ["POST /api/profiles/{profileId}/budgets/{budgetId}/schedules"] = Schedule,
        ["PUT /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}"] = Schedule,
        ["GET /api/profiles/{profileId}/upcoming"] = Items(["amount", "budgetId", "budgetName", "date", "note", "scheduleId"]),
        ["GET /api/profiles/{profileId}/goals"] = Items(Goal),
        ["GET /api/profiles/{profileId}/goals/{goalId}"] = Goal,
        ["POST /api/profiles/{profileId}/goals"] = Goal,
        ["PUT /api/profiles/{profileId}/goals/{goalId}"] = Goal,
        ["GET /api/profiles/{profileId}/members"] = Items(Member),
        ["PUT /api/profiles/{profileId}/members/{memberId}"] = Member,
        ["POST /api/profiles/{profileId}/owner"] = Items(Member),
        ["GET /api/profiles/{profileId}/invitations"] = Items(SentInvitation),
        ["POST /api/profiles/{profileId}/invitations"] = SentInvitation,
        ["GET /api/invitations"] = Items(["createdAt", "expiresAt", "id", "ownerEmail", "profileId", "profileName", "role"]),
        ["POST /api/invitations/{invitationId}/accept"] = Profile,
        ["GET /api/profiles/{profileId}/imports"] = Items(Import),
        ["GET /api/profiles/{profileId}/imports/{importId}"] = Import,
        ["POST /api/profiles/{profileId}/imports"] = Import,
        ["POST /api/profiles/{profileId}/imports/preview"] =
        [
            "alreadyImported", "csv", "csv.bankName", "csv.columns", "csv.dateFormats", "csv.mapping", .. CsvMapping.Select(m => $"csv.mapping.{m}"),
            "csv.mappingSource", "format", "newRows", "problemCount", .. Items(["field", "line", "message"], "problems"),
            .. Items(["alreadyImported", "amount", "date", "line", "note"], "rows"),
        ],
        ["GET /api/profiles/{profileId}/import-mappings"] = [.. Items(["bankName", "columns", "id", "mapping", "updatedAt"]), .. CsvMapping.Select(m => $"[].mapping.{m}")],
        ["GET /api/profiles/{profileId}/alerts"] = ["unread", .. Items(Alert, "alerts")],
        ["GET /api/notification-channels"] = Items(Channel),
        ["GET /api/notification-channels/{channelId}"] = Channel,
        ["POST /api/notification-channels"] = Channel,
        ["PUT /api/notification-channels/{channelId}"] = Channel,
        ["GET /api/profiles/{profileId}/dashboard"] =
        [
            "asOf", "assets", "currency", "debts", "monthlyDebtPayments", "monthlyExpenses", "monthlyIncome", "monthlySavings",
            "netCashFlow", "netWorth", "savingsRate",
            .. Items(["budgeted", "id", "name", "overBudget", "percentUsed", "period", "periodEnd", "periodStart", "remaining", "spent"], "budgets"),
            .. Items(Goal, "goals"),
            "sankey", .. Items(["id", "label", "type", "value"], "sankey.nodes"), .. Items(["id", "label", "source", "target", "value"], "sankey.links"),
        ],
        ["GET /api/profiles/{profileId}/actual-sankey"] =
        [
            "currency", "deficit", "from", "income", "leftOver", "plannedDeficit", "plannedIncome", "plannedLeftOver", "plannedSpending",
            "refunds", "spent", "to",
            .. Items(["actual", "id", "label", "planned", "type"], "nodes"), .. Items(["actual", "budgetId", "id", "planned", "source", "target"], "links"),
        ],
        ["GET /api/profiles/{profileId}/forecast"] =
        [
            "budgets", "budgets[].budgetId", "budgets[].historyMonths", "budgets[].method", "budgets[].name", "budgets[].points",
            "budgets[].points[].expected", "budgets[].points[].high", "budgets[].points[].low", "budgets[].points[].month",
            "budgets[].scheduled", "budgets[].scheduled[].amount", "budgets[].scheduled[].month",
            "currency", "message", "months", "scheduledTotal", "total", "total.historyMonths", "total.method", "total.points",
            "total.points[].expected", "total.points[].high", "total.points[].low", "total.points[].month",
            "total.scheduled", "total.scheduled[].amount", "total.scheduled[].month",
        ],
    };

    [Fact]
    public async Task Every_answer_has_exactly_the_members_its_resource_shows_and_no_secret_of_anyone()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 2);
        var stranger = await AttackHousehold.CreateAsync(factory, "stranger", profiles: 1);
        var routes = ApiRoute.All(factory);
        var answers = new List<(string Route, string Body)>();
        var failures = new List<string>();

        // Reads first, then the writes that answer with a body; deleting, signing out and changing the password answer none.
        foreach (var route in routes.Where(r => r.Method == "GET").Concat(routes.Where(r => r.Method is "POST" or "PUT" && r.Key != "PUT /api/auth/password")))
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url(household.Ids));
            if (route.TakesBody)
            {
                request.Content = route.Content(household.SampleBody(route));
            }
            var response = await household.User.Client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (route.Key == "POST /api/auth/refresh" && response.IsSuccessStatusCode)
            {
                household.User.UseTokens(JsonDocument.Parse(body).RootElement);
            }
            if (!response.IsSuccessStatusCode)
            {
                failures.Add($"{route.Key}: {(int)response.StatusCode} {body}");
                continue;
            }
            if (body.Length == 0 && response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Accepted)
            {
                continue; // marking alerts read, queueing a test message: nothing to show
            }
            answers.Add((route.Key, body));
            if (response.Content.Headers.ContentType?.MediaType is "text/csv" or "application/pdf")
            {
                continue; // downloads: their content is checked for secrets below, and by ExportsApiTests
            }
            if (!AllowedMembers.TryGetValue(route.Key, out var allowed))
            {
                failures.Add($"{route.Key} has no allow-list: add what it may answer to AllowedMembers");
                continue;
            }
            var shown = Members(JsonDocument.Parse(body).RootElement, "").Distinct().Order(StringComparer.Ordinal).ToArray();
            var unexpected = shown.Except(allowed).ToArray();
            var topLevelMissing = allowed.Where(m => !m.Contains('.') && !m.Contains('[')).Except(shown).ToArray();
            if (unexpected.Length > 0 || topLevelMissing.Length > 0)
            {
                failures.Add($"{route.Key}: unexpected [{string.Join(", ", unexpected)}], missing [{string.Join(", ", topLevelMissing)}]");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        using var database = factory.OpenDatabase();
        var secrets = Column(database, "SELECT password_hash FROM users")
            .Concat(Column(database, "SELECT token_hash FROM refresh_tokens"))
            .Concat(Column(database, "SELECT secret FROM notification_channels WHERE secret IS NOT NULL"))
            .Append(stranger.User.Email)
            .ToArray();
        Assert.True(secrets.Length > 3, "no hashes were found to look for");
        foreach (var (route, body) in answers)
        {
            Assert.DoesNotContain(secrets, secret => body.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotMatch("(?i)\"[^\"]*(password|hash|secret|userId)[^\"]*\"\\s*:", body);
        }
        Assert.Contains(answers, a => a.Route == "GET /api/profiles/{profileId}/dashboard");
    }

    private static string[] Items(string[] members, string list = "") =>
        list.Length == 0 ? members.Select(m => $"[].{m}").ToArray() : [list, .. members.Select(m => $"{list}[].{m}")];

    /// <summary>The path of every member in the document: <c>a</c>, <c>a.b</c>, <c>list[].b</c>; an answer that is a list is <c>[].b</c>.</summary>
    private static IEnumerable<string> Members(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
        {
            var name = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
            return Members(p.Value, name).Prepend(name);
        }),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(item => Members(item, path + "[]")),
        _ => [],
    };

    private static IEnumerable<string> Column(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
