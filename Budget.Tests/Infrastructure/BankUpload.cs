using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Budget.Tests.Infrastructure;

/// <summary>A bank file as the import routes take it: <c>multipart/form-data</c>, the file in <c>file</c>, as the web app sends it.</summary>
public static class BankUpload
{
    public static MultipartFormDataContent Form(string fileName, byte[] content, object? mapping = null, string? bankName = null, long? budgetId = null)
    {
        var form = new MultipartFormDataContent();
        if (budgetId is { } id)
        {
            form.Add(new StringContent(id.ToString(CultureInfo.InvariantCulture)), "budgetId");
        }
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        if (mapping is not null)
        {
            form.Add(new StringContent(JsonSerializer.Serialize(mapping, JsonSerializerOptions.Web)), "mapping");
        }
        if (bankName is not null)
        {
            form.Add(new StringContent(bankName), "bankName");
        }
        return form;
    }

    /// <summary>Imports a file into <paramref name="budgetId"/>, insisting on 201; the import's id.</summary>
    public static async Task<long> ImportAsync(this TestUser user, long profileId, long budgetId, string fileName, byte[] content)
    {
        var response = await user.Client.PostAsync($"/api/profiles/{profileId}/imports", Form(fileName, content, budgetId: budgetId), TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>
    /// A JSON-shaped sample body (the attack tests' form of every body) as an upload: <c>file</c>'s text is the file
    /// (named by <c>fileName</c>, else bank.csv), every other member a field (objects and arrays as JSON, strings as
    /// they are); a null member is left out.
    /// </summary>
    public static MultipartFormDataContent FromJson(JsonObject body)
    {
        var form = new MultipartFormDataContent();
        var fileName = body["fileName"]?.ToString() ?? "bank.csv";
        foreach (var (name, value) in body)
        {
            if (value is null || name == "fileName")
            {
                continue;
            }
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
            if (name == "file")
            {
                // filename* (RFC 5987) carries any name, quotes and all, as a browser's percent-encoding does.
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
                file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "file", FileNameStar = fileName };
                form.Add(file);
            }
            else
            {
                form.Add(new StringContent(text), name);
            }
        }
        return form;
    }
}
