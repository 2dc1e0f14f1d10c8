using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Budget.Tests.Infrastructure;

public static class HttpExtensions
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).Clone();

    /// <summary>GETs and insists on 200, so a failing call shows its body instead of a confusing parse error.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadJsonAsync();
    }

    /// <summary>Sends raw JSON text, for bodies an anonymous object cannot express (duplicates, strings for numbers).</summary>
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, string json) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") }, Ct);

    /// <summary>
    /// POSTs raw JSON text with an <c>Idempotency-Key</c>, as a retrying client does. The key is sent unchecked, so a
    /// malformed one reaches the server to be refused there.
    /// </summary>
    public static Task<HttpResponseMessage> PostWithIdempotencyKeyAsync(this HttpClient client, string url, string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, Ct);
    }

    /// <summary>The field names of a 400's ValidationProblem.</summary>
    public static async Task<string[]> ProblemFieldsAsync(this HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
    }

    public static decimal Number(this JsonElement element, string property) => element.GetProperty(property).GetDecimal();
}
