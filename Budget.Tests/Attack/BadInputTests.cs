using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// Hostile bodies against every write route: each is a 4xx ProblemDetails (never a 500, never a hang), and nothing is
/// written. The corpus is built from each route's own sample body, so a new route or member is attacked too.
/// </summary>
public sealed class BadInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Attack(string Description, Func<HttpContent> Content);

    [Fact]
    public async Task Every_write_route_answers_a_hostile_body_with_a_4xx_problem_and_writes_nothing()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var routes = ApiRoute.All(factory).Where(r => r.TakesBody).ToList();
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);
        var failures = new List<string>();
        var sent = 0;

        foreach (var route in routes)
        {
            foreach (var attack in route.IsUpload ? UploadCorpus(household.SampleBody(route)) : Corpus(household.SampleBody(route), route.BodyType!))
            {
                var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url(household.Ids)) { Content = attack.Content() };
                var response = await household.User.Client.SendAsync(request, Ct);
                sent++;
                var status = (int)response.StatusCode;
                if (status is < 400 or > 499 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{route.Key}, {attack.Description}: {status} {response.Content.Headers.ContentType?.MediaType} {Shorten(await response.Content.ReadAsStringAsync(Ct))}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, DatabaseAudit.Dump(database));
        TestContext.Current.SendDiagnosticMessage($"{sent} hostile bodies against {routes.Count} write routes: all 4xx, nothing written");
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("0.1e-400")]
    [InlineData("-0.0e-9999")]
    public async Task Numbers_that_read_as_zero_are_stored_as_zero_or_refused_never_a_500(string zero)
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var failures = new List<string>();

        foreach (var route in ApiRoute.All(factory).Where(r => r.TakesBody && r.Pattern.StartsWith("/api/profiles/", StringComparison.Ordinal)))
        {
            var sample = household.SampleBody(route);
            foreach (var member in sample.Where(m => m.Value is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number && !m.Key.EndsWith("Id", StringComparison.Ordinal)).Select(m => m.Key).ToList())
            {
                var json = sample.DeepClone().AsObject();
                json[member] = "__zero__";
                var response = await household.User.Client.SendJsonAsync(new HttpMethod(route.Method), route.Url(household.Ids), json.ToJsonString().Replace("\"__zero__\"", zero, StringComparison.Ordinal));
                if (response.IsSuccessStatusCode)
                {
                    var answered = (await response.ReadJsonAsync()).GetProperty(member).GetRawText();
                    if (answered != "0")
                    {
                        failures.Add($"{route.Key} {member}={zero} answered {answered}");
                    }
                }
                else if ((int)response.StatusCode is < 400 or > 499)
                {
                    failures.Add($"{route.Key} {member}={zero}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Whole-body attacks, then each member of the valid sample replaced by something hostile.</summary>
    private static IEnumerable<Attack> Corpus(JsonObject sample, Type bodyType)
    {
        var valid = sample.ToJsonString();
        var first = sample.First().Key;
        yield return new("an empty body", () => Json(""));
        yield return new("whitespace only", () => Json("   \n"));
        yield return new("the JSON literal null", () => Json("null"));
        yield return new("an array", () => Json($"[{valid}]"));
        yield return new("a string", () => Json("\"hello\""));
        yield return new("truncated", () => Json(valid[..^1]));
        yield return new("a trailing comma", () => Json(valid[..^1] + ",}"));
        yield return new("trailing garbage", () => Json(valid + "x"));
        yield return new("two documents", () => Json(valid + valid));
        yield return new("a comment", () => Json("/* hi */" + valid));
        yield return new("single quotes", () => Json(valid.Replace('"', '\'')));
        yield return new("10,000 levels of arrays", () => Json($"{{\"{first}\":{new string('[', 10_000)}{new string(']', 10_000)}}}"));
        yield return new("10,000 levels of objects", () => Json($"{{\"{first}\":{string.Concat(Enumerable.Repeat("{\"a\":", 10_000))}1{new string('}', 10_000)}}}"));
        yield return new("a duplicate member", () => Json(valid[..^1] + $",\"{first}\":{sample[first]!.ToJsonString()}}}"));
        yield return new("a duplicate member in another case", () => Json(valid[..^1] + $",\"{char.ToUpperInvariant(first[0])}{first[1..]}\":{sample[first]!.ToJsonString()}}}"));
        yield return new("invalid UTF-8 bytes", () => Bytes([.. "{\""u8, .. Encoding.UTF8.GetBytes(first), .. "\":\""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\"}"u8]));
        yield return new("an overlong UTF-8 encoding of a quote", () => Bytes([.. "{\""u8, .. Encoding.UTF8.GetBytes(first), .. "\":\""u8, 0xC0, 0xA2, .. "\"}"u8]));
        yield return new("a UTF-16 body labelled UTF-8", () => Bytes(Encoding.Unicode.GetBytes(valid)));
        yield return new("text/plain", () => new StringContent(valid, Encoding.UTF8, "text/plain"));
        yield return new("application/xml", () => new StringContent(valid, Encoding.UTF8, "application/xml"));
        yield return new("form encoded", () => new FormUrlEncodedContent([new(first, "x")]));
        yield return new("no Content-Type", () => new ByteArrayContent(Encoding.UTF8.GetBytes(valid)));
        yield return new("a body over 64 KiB", () => Json($"{{\"{first}\":\"{new string('x', 70_000)}\"}}"));

        var required = bodyType.GetConstructors().Single().GetParameters().Where(p => !p.HasDefaultValue).Select(p => JsonName(p)).ToHashSet();
        foreach (var (member, value) in sample)
        {
            var isNumber = value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number;
            var hostile = new List<(string, string)>
            {
                (value is JsonObject ? "an array of objects" : "an object", value is JsonObject ? "[{}]" : "{}"),
                ("an array", "[1,2]"),
                ("true", "true"),
                ("a lone surrogate", "\"\\ud800\""),
                ("a 60,000-character string", $"\"{new string('x', 60_000)}\""),
                ("a string with NUL", "\"a\\u0000b\""),
            };
            if (required.Contains(member))
            {
                hostile.Add(("null", "null"));
                hostile.Add(("missing", ""));
            }
            if (isNumber)
            {
                hostile.AddRange([("1e400", "1e400"), ("-1e400", "-1e400"), ("NaN", "NaN"), ("Infinity", "Infinity"), ("0x10", "0x10"), ("a number in quotes", "\"1\""),
                    ("2^63", "9223372036854775808"), ("-2^63-1", "-9223372036854775809"), ("30 significant digits", "1.00000000000000000000000000001"), ("1.", "1."), (".5", ".5"), ("+1", "+1"), ("01", "01")]);
            }
            foreach (var (description, json) in hostile)
            {
                var body = sample.DeepClone().AsObject();
                body.Remove(member);
                var text = json.Length == 0 ? body.ToJsonString() : body.ToJsonString()[..^1] + (body.Count > 0 ? "," : "") + $"\"{member}\":{json}}}";
                yield return new($"{member} as {description}", () => Json(text));
            }
        }
    }

    /// <summary>
    /// Against an upload: JSON where a form belongs, a form without its file, an empty or binary file, and each text
    /// field replaced by something hostile (a number field by what is not a number, the mapping by what is not one).
    /// </summary>
    private static IEnumerable<Attack> UploadCorpus(JsonObject sample)
    {
        yield return new("the sample as JSON", () => Json(sample.ToJsonString()));
        yield return new("an empty body", () => new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("multipart/form-data") } });
        yield return new("form encoded", () => new FormUrlEncodedContent([new("file", "x")]));
        yield return new("a form without the file", () => BankUpload.FromJson(Without(sample, "file")));
        yield return new("an empty file", () => BankUpload.FromJson(With(sample, "file", "")));
        yield return new("a binary file", () => BankUpload.FromJson(With(sample, "file", "\u0000\u0001PK\u0003\u0004")));
        yield return new("a broken multipart body", () => new StringContent("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", Encoding.UTF8) { Headers = { ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x") } });
        yield return new("an unknown field", () => BankUpload.FromJson(With(sample, "profileId", "1")));
        yield return new("mapping as text", () => BankUpload.FromJson(With(sample, "mapping", "semicolons please")));
        yield return new("mapping as an array", () => BankUpload.FromJson(With(sample, "mapping", "[1,2]")));
        yield return new("mapping as null", () => BankUpload.FromJson(With(sample, "mapping", "null")));
        yield return new("mapping without its members", () => BankUpload.FromJson(With(sample, "mapping", "{}")));
        yield return new("bankName of 60,000 characters", () => BankUpload.FromJson(With(sample, "bankName", new string('x', 60_000))));
        if (sample.ContainsKey("budgetId"))
        {
            foreach (var notANumber in new[] { "", "abc", "1e400", "9223372036854775808", "1.5" })
            {
                yield return new($"budgetId as \"{notANumber}\"", () => BankUpload.FromJson(With(sample, "budgetId", notANumber)));
            }
            yield return new("budgetId missing", () => BankUpload.FromJson(Without(sample, "budgetId")));
        }
    }

    private static JsonObject With(JsonObject sample, string member, string value)
    {
        var body = sample.DeepClone().AsObject();
        body[member] = value;
        return body;
    }

    private static JsonObject Without(JsonObject sample, string member)
    {
        var body = sample.DeepClone().AsObject();
        body.Remove(member);
        return body;
    }

    private static string JsonName(ParameterInfo parameter) => char.ToLowerInvariant(parameter.Name![0]) + parameter.Name[1..];

    private static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");

    private static HttpContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
