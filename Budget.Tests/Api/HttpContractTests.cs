using System.Net;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>What every client can rely on: the OpenAPI document, problem bodies, and the size of a request.</summary>
public sealed class HttpContractTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_openapi_document_types_money_and_ids_as_json_numbers()
    {
        var document = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.Equal("number", schemas.GetProperty("TransactionRequest").GetProperty("properties").GetProperty("amount").GetProperty("type").GetString());
        Assert.Equal("integer", schemas.GetProperty("FlowRequest").GetProperty("properties").GetProperty("fromNodeId").GetProperty("type").GetString());
        Assert.Equal(
            ["income", "account", "savings", "investment", "expense", "debt"],
            schemas.GetProperty("NodeType").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task The_openapi_document_written_at_build_time_is_the_one_served()
    {
        var served = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");
        var written = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "Budget.Api", "openapi", "budget.json"), Ct)).RootElement;

        Assert.Equal(served.GetProperty("paths").GetRawText(), written.GetProperty("paths").GetRawText());
        Assert.Equal(served.GetProperty("components").GetRawText(), written.GetProperty("components").GetRawText());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_with_413()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var huge = $$"""{"name":"{{new string('x', 70 * 1024)}}"}""";

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, "/api/profiles", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_415()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.PostAsync("/api/profiles", new StringContent("name=Kid", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"name":"Kid",}""", "$")]
    [InlineData("""{"name":"Kid""", "$")]
    [InlineData("""{"name":"Kid","name":"Twice"}""", "name")]
    [InlineData("""{"name":7}""", "name")]
    public async Task Malformed_json_is_a_400_that_names_the_place(string body, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, "/api/profiles", body);

        Assert.Equal([field], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_404()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.GetAsync("/api/nothing-here", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_and_liveness_answer_without_signing_in()
    {
        var client = factory.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health", Ct));
        Assert.Equal("Healthy", await client.GetStringAsync("/alive", Ct));
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
