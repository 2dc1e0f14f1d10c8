using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Attack;

/// <summary>One route and verb of the API, as the app's own endpoint list describes it.</summary>
public sealed partial record ApiRoute(string Method, string Pattern, string[] Parameters, Type? BodyType, Endpoint? Endpoint = null)
{
    public string Key => $"{Method} {Pattern}";

    public bool TakesBody => BodyType is not null || IsUpload;

    /// <summary>Takes a <c>multipart/form-data</c> upload (a file and text fields) instead of JSON.</summary>
    public bool IsUpload => Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("multipart/form-data") == true;

    /// <summary>A body for this route: the JSON, or for an upload the same members as a form (<see cref="BankUpload.FromJson"/>).</summary>
    public HttpContent Content(JsonObject body) =>
        IsUpload ? BankUpload.FromJson(body) : new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    /// <summary>This route at <paramref name="ids"/> with <paramref name="body"/>, sent as the route takes it.</summary>
    public HttpRequestMessage Request(IReadOnlyDictionary<string, long> ids, JsonObject? body = null) =>
        new(new HttpMethod(Method), Url(ids)) { Content = body is null ? null : Content(body) };

    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>The address with each <c>{parameter}</c> filled from <paramref name="ids"/>.</summary>
    public string Url(IReadOnlyDictionary<string, long> ids)
    {
        var url = Pattern;
        foreach (var parameter in Parameters)
        {
            Assert.True(ids.ContainsKey(parameter), $"{Key}: the attack household has no {parameter}; add one to AttackHousehold");
            url = url.Replace($"{{{parameter}}}", ids[parameter].ToString(CultureInfo.InvariantCulture));
        }
        return url;
    }

    /// <summary>Every route under /api, read from <see cref="EndpointDataSource"/> so a new one is attacked the day it is added.</summary>
    public static IReadOnlyList<ApiRoute> All(ApiFactory factory)
    {
        _ = factory.CreateClient();
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => new ApiRoute(
                method,
                Constraint().Replace(e.RoutePattern.RawText!, "{$1}").TrimEnd('/'),
                e.RoutePattern.Parameters.Select(p => p.Name).ToArray(),
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType,
                e)))
            .DistinctBy(r => r.Key)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}

/// <summary>
/// A user with three profiles, each holding one of everything, and a valid body for every route that takes one. A
/// write route without a sample here fails every attack test, so nothing new goes unattacked.
/// </summary>
public sealed class AttackHousehold
{
    public const string NewPassword = "a different long passphrase for the test";

    private AttackHousehold(TestUser user, Dictionary<string, long> ids, long[] profileIds, Sharing sharing)
    {
        User = user;
        Ids = ids;
        ProfileIds = profileIds;
        Admin = sharing.Admin;
        Editor = sharing.Editor;
        Viewer = sharing.Viewer;
    }

    /// <summary>The owner of every profile here.</summary>
    public TestUser User { get; }

    /// <summary>Members of the first profile with each role below owner.</summary>
    public TestUser Admin { get; }
    public TestUser Editor { get; }
    public TestUser Viewer { get; }

    /// <summary>The first profile's things, by route parameter name.</summary>
    public Dictionary<string, long> Ids { get; }

    public long[] ProfileIds { get; }

    /// <param name="ownProfileFirst">False puts a second, ordinary profile first (one its owner may delete), with the account's own after it.</param>
    public static async Task<AttackHousehold> CreateAsync(ApiFactory factory, string name = "owner", int profiles = 3, bool ownProfileFirst = true)
    {
        var user = await TestUser.RegisterAsync(factory, name);
        var profileIds = new List<long> { user.ProfileId };
        for (var i = 1; i < profiles; i++)
        {
            profileIds.Add(await user.CreateAsync("../../profiles", new { name = $"Member {i}" }, profileId: 0));
        }
        if (!ownProfileFirst)
        {
            profileIds.Reverse();
        }
        // Nothing listens on the discard port: each push fails at once and waits for a retry the clock never reaches.
        var channelId = await user.CreateAsync("../../notification-channels", new { kind = "webhook", name = "Hook", url = "http://127.0.0.1:9/hook", token = $"signing-key-{Guid.NewGuid():N}" }, profileId: 0);
        Dictionary<string, long>? first = null;
        foreach (var profileId in profileIds)
        {
            var things = await FillAsync(user, profileId);
            first ??= things;
        }
        first!["channelId"] = channelId;
        var sharing = await ShareAsync(factory, user, first!);
        return new AttackHousehold(user, first!, [.. profileIds], sharing);
    }

    private sealed record Sharing(TestUser Admin, TestUser Editor, TestUser Viewer);

    /// <summary>
    /// Shares the profile with an admin, an editor and a viewer, leaves an invitation out to an email nobody has, and
    /// has a neighbour invite the owner to their profile: every sharing route then has something to act on.
    /// </summary>
    private static async Task<Sharing> ShareAsync(ApiFactory factory, TestUser owner, Dictionary<string, long> ids)
    {
        var profileId = ids["profileId"];
        var members = new Dictionary<string, TestUser>();
        foreach (var role in new[] { "admin", "editor", "viewer" })
        {
            var member = await TestUser.RegisterAsync(factory, role);
            await member.JoinAsync(owner, profileId, role);
            members[role] = member;
        }
        var listed = await owner.Client.GetJsonAsync($"/api/profiles/{profileId}/members");
        long MemberId(TestUser member) => listed.EnumerateArray().Single(m => m.GetProperty("email").GetString() == member.Email).GetProperty("id").GetInt64();
        ids["memberId"] = MemberId(members["viewer"]);
        ids["heirMemberId"] = MemberId(members["editor"]);
        ids["sentInvitationId"] = await owner.CreateAsync("invitations", new { email = $"nobody-{Guid.NewGuid():N}@example.org", role = "viewer" }, profileId);
        var neighbour = await TestUser.RegisterAsync(factory, "neighbour");
        ids["invitationId"] = await neighbour.CreateAsync("invitations", new { email = owner.Email, role = "viewer" });
        return new Sharing(members["admin"], members["editor"], members["viewer"]);
    }

    /// <summary>One of everything in a profile: two nodes and a flow, a budget with a transaction, a goal.</summary>
    public static async Task<Dictionary<string, long>> FillAsync(TestUser user, long profileId)
    {
        var nodeId = await user.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 4000 }, profileId);
        var otherNodeId = await user.CreateAsync("nodes", new { type = "account", label = "Checking", balance = 1500 }, profileId);
        var flowId = await user.CreateAsync("flows", new { fromNodeId = nodeId, toNodeId = otherNodeId, amount = 3900 }, profileId);
        var budgetId = await user.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" }, profileId);
        var transactionId = await user.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 42.17, date = "2026-01-15", note = "market" }, profileId);
        var goalId = await user.CreateAsync("goals", new { name = "Holiday", target = 2000, current = 150 }, profileId);
        // A header-only bank file: an import (and a remembered CSV mapping) without adding a transaction.
        var importId = await user.ImportAsync(profileId, budgetId, "empty.csv", "Datum;Betrag;Text\n"u8.ToArray());
        var mappingId = (await user.Client.GetJsonAsync($"/api/profiles/{profileId}/import-mappings"))[0].GetProperty("id").GetInt64();
        // A budget of 1 spent today: its 80% and 100% alerts.
        var treats = await (await user.Client.PostAsJsonAsync($"/api/profiles/{profileId}/budgets", new { name = "Treats", budgeted = 1, period = "monthly" })).ReadJsonAsync();
        await user.CreateAsync($"budgets/{treats.GetProperty("id").GetInt64()}/transactions", new { amount = 1, date = treats.GetProperty("periodStart").GetString() }, profileId);
        var alerts = await user.Client.GetJsonAsync($"/api/profiles/{profileId}/alerts");
        // The older one read, so the audits cover read state (a row per alert and reader) too.
        Assert.True((await user.Client.PostAsync($"/api/profiles/{profileId}/alerts/{alerts.GetProperty("alerts")[1].GetProperty("id").GetInt64()}/read", null)).IsSuccessStatusCode);
        // Starts far ahead, so no test's moving clock makes it create transactions while the attacks compare the database.
        var scheduleId = await user.CreateAsync($"budgets/{budgetId}/schedules", FarOffSchedule, profileId);
        return new()
        {
            ["profileId"] = profileId,
            ["nodeId"] = nodeId,
            ["otherNodeId"] = otherNodeId,
            ["flowId"] = flowId,
            ["budgetId"] = budgetId,
            ["transactionId"] = transactionId,
            ["goalId"] = goalId,
            ["importId"] = importId,
            ["mappingId"] = mappingId,
            ["alertId"] = alerts.GetProperty("alerts")[0].GetProperty("id").GetInt64(),
            ["scheduleId"] = scheduleId,
        };
    }

    private const string SampleBankFile = "Date;Amount;Note\n2026-01-02;-3,50;bread\n";

    private static readonly object FarOffSchedule = new { amount = 950, note = "rent", frequency = "monthly", dayOfMonth = 1, startDate = "2150-01-01" };

    /// <summary>A body the route accepts, so whatever the test adds or breaks is the only thing wrong with it.</summary>
    public JsonObject SampleBody(ApiRoute route)
    {
        object? body = route.Key switch
        {
            "POST /api/auth/register" => new { email = $"new-{Guid.NewGuid():N}@example.org", password = TestUser.DefaultPassword },
            "POST /api/auth/login" => new { email = User.Email, password = User.Password },
            "POST /api/auth/refresh" => new { refreshToken = User.RefreshToken },
            "PUT /api/auth/password" => new { currentPassword = User.Password, newPassword = NewPassword },
            "DELETE /api/auth/me" => new { password = User.Password },
            "POST /api/profiles" or "PUT /api/profiles/{profileId}" => new { name = "Renamed", avatarColor = "#123456" },
            // Restores one more profile (the account's own is not empty), so the household's things stay where they are.
            "POST /api/account/restore" => new
            {
                format = "budget-account-export",
                version = 1,
                exportedAt = "2026-01-01T00:00:00Z",
                currency = "USD",
                profiles = new[]
                {
                    new
                    {
                        name = "Restored", avatarColor = "#123456", isOwner = false, createdAt = "2025-06-01T08:00:00Z",
                        nodes = new[] { new { id = 1, type = "income", label = "Salary", institution = (string?)null, amount = 10, balance = 0, apy = (decimal?)null, metadata = (object?)null, createdAt = "2025-06-01T08:00:00Z" } },
                        flows = Array.Empty<object>(),
                        budgets = new[] { new { id = 1, name = "Food", budgeted = 5, period = "monthly", createdAt = "2025-06-01T08:00:00Z", transactions = new[] { new { amount = 1.5, date = "2025-06-02", note = "bread", createdAt = "2025-06-02T08:00:00Z" } } } },
                        goals = Array.Empty<object>(),
                    },
                },
            },
            "POST /api/profiles/{profileId}/nodes" or "PUT /api/profiles/{profileId}/nodes/{nodeId}" =>
                new { type = "expense", label = "Rent", amount = 1, balance = 2, institution = "Bank", apy = 1.5, metadata = new { color = "red" } },
            "POST /api/profiles/{profileId}/flows" or "PUT /api/profiles/{profileId}/flows/{flowId}" =>
                new { fromNodeId = Ids["nodeId"], toNodeId = Ids["otherNodeId"], amount = 1, label = "Pay" },
            "POST /api/profiles/{profileId}/budgets" or "PUT /api/profiles/{profileId}/budgets/{budgetId}" =>
                new { name = "Fuel", budgeted = 1, period = "monthly" },
            "POST /api/profiles/{profileId}/budgets/{budgetId}/transactions" => new { amount = 1, date = "2026-01-01", note = "bread" },
            // Uploads (multipart/form-data): ApiRoute.Content sends `file` as the file part, the rest as fields.
            "POST /api/profiles/{profileId}/imports/preview" => new { file = SampleBankFile, fileName = "bank.csv" },
            "POST /api/profiles/{profileId}/imports" => new { budgetId = Ids["budgetId"], file = SampleBankFile, fileName = "bank.csv" },
            "POST /api/profiles/{profileId}/goals" or "PUT /api/profiles/{profileId}/goals/{goalId}" =>
                new { name = "Roof", target = 1, current = 0, deadline = "2030-01-01", priority = 2 },
            "POST /api/profiles/{profileId}/invitations" => new { email = $"invitee-{Guid.NewGuid():N}@example.org", role = "editor" },
            "PUT /api/profiles/{profileId}/members/{memberId}" => new { role = "editor" },
            "POST /api/profiles/{profileId}/owner" => new { memberId = Ids["heirMemberId"] },
            "POST /api/notification-channels" or "PUT /api/notification-channels/{channelId}" =>
                new { kind = "ntfy", name = "Phone", url = "http://192.168.1.20/budget", token = "tk_sample" },
            "POST /api/profiles/{profileId}/budgets/{budgetId}/schedules" or "PUT /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}" =>
                FarOffSchedule,
            _ => null,
        };
        Assert.True(body is not null, $"{route.Key} takes a body: add a valid sample to AttackHousehold.SampleBody");
        return JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
    }
}
