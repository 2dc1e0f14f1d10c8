using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class FlowsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Flows(TestUser user) => $"/api/profiles/{user.ProfileId}/flows";

    private static async Task<long> NodeAsync(TestUser user, string label, string type = "account", long? profileId = null) =>
        await user.CreateAsync("nodes", new { type, label }, profileId);

    private long CountFlows(long profileId)
    {
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM flows WHERE profile_id = $profile";
        command.Parameters.AddWithValue("$profile", profileId);
        return (long)command.ExecuteScalar()!;
    }

    private static long[] Ids(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToArray();

    [Fact]
    public async Task A_created_flow_is_at_its_location()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await NodeAsync(ann, "Salary", "income");
        var checking = await NodeAsync(ann, "Checking");

        var created = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = salary, toNodeId = checking, amount = 5000.10m, label = " Paycheck " }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var flow = await created.ReadJsonAsync();
        var id = flow.GetProperty("id").GetInt64();
        Assert.Equal($"{Flows(ann)}/{id}", created.Headers.Location?.AbsolutePath);
        Assert.Equal(salary, flow.GetProperty("fromNodeId").GetInt64());
        Assert.Equal(checking, flow.GetProperty("toNodeId").GetInt64());
        Assert.Equal(5000.10m, flow.Number("amount"));
        Assert.Equal("Paycheck", flow.GetProperty("label").GetString());

        var read = await ann.Client.GetJsonAsync(created.Headers.Location!.ToString());
        Assert.True(JsonElement.DeepEquals(flow, read), $"POST answered {flow}, GET answered {read}");
    }

    [Fact]
    public async Task A_flow_can_be_listed_replaced_and_deleted()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await NodeAsync(ann, "Salary", "income");
        var checking = await NodeAsync(ann, "Checking");
        var savings = await NodeAsync(ann, "Savings", "savings");
        var pay = await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = 4000m, label = "Pay" });
        var save = await ann.CreateAsync("flows", new { fromNodeId = checking, toNodeId = savings, amount = 500m });
        var url = $"{Flows(ann)}/{pay}";

        Assert.Equal([pay, save], Ids(await ann.Client.GetJsonAsync(Flows(ann))));

        var replaced = await ann.Client.PutAsJsonAsync(url, new { fromNodeId = salary, toNodeId = savings, amount = 4200.5m }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var read = await ann.Client.GetJsonAsync(url);
        Assert.True(JsonElement.DeepEquals(await replaced.ReadJsonAsync(), read));
        Assert.Equal(salary, read.GetProperty("fromNodeId").GetInt64());
        Assert.Equal(savings, read.GetProperty("toNodeId").GetInt64());
        Assert.Equal(4200.5m, read.Number("amount"));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("label").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal([save], Ids(await ann.Client.GetJsonAsync(Flows(ann))));
        // Deleting a flow leaves its nodes alone.
        Assert.Equal(3, (await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/nodes")).GetArrayLength());
    }

    [Fact]
    public async Task The_list_is_in_creation_order()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var c = await NodeAsync(ann, "C");
        var first = await ann.CreateAsync("flows", new { fromNodeId = b, toNodeId = c, amount = 3m });
        var second = await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = c, amount = 1m });
        var third = await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 2m });

        Assert.Equal([first, second, third], Ids(await ann.Client.GetJsonAsync(Flows(ann))));
    }

    [Fact]
    public async Task Amounts_round_trip_exactly_and_are_stored_as_cents()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var c = await NodeAsync(ann, "C");
        var d = await NodeAsync(ann, "D");
        var sent = new[] { (a, b, "0.1", 10L), (a, c, "0.2", 20L), (b, d, "1234567890.12", 123456789012L) };

        foreach (var (from, to, amount, cents) in sent)
        {
            var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Flows(ann), $$"""{"fromNodeId":{{from}},"toNodeId":{{to}},"amount":{{amount}}}""");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await response.ReadJsonAsync()).GetProperty("id").GetInt64();

            var read = await ann.Client.GetJsonAsync(response.Headers.Location!.ToString());
            Assert.Equal(amount, read.GetProperty("amount").GetRawText());
            using var db = factory.OpenDatabase();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT amount, typeof(amount) FROM flows WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            using var row = command.ExecuteReader();
            Assert.True(row.Read());
            Assert.Equal(cents, row.GetInt64(0));
            Assert.Equal("integer", row.GetString(1));
        }
        var total = (await ann.Client.GetJsonAsync(Flows(ann))).EnumerateArray().Sum(f => f.Number("amount"));
        Assert.Equal(1234567890.42m, total);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("-0.01")]
    [InlineData("12.345")]
    [InlineData("\"12\"")]
    [InlineData("null")]
    [InlineData("1000000000000.01")]
    public async Task A_flow_amount_must_be_positive_money(string amount)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Flows(ann), $$"""{"fromNodeId":{{a}},"toNodeId":{{b}},"amount":{{amount}}}""");

        Assert.Equal(["amount"], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task Bad_flow_bodies_are_refused_naming_the_field()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var cases = new (string Body, string Field)[]
        {
            ($$"""{"toNodeId":{{b}},"amount":1}""", "fromNodeId"),
            ($$"""{"fromNodeId":{{a}},"amount":1}""", "toNodeId"),
            ($$"""{"fromNodeId":{{a}},"toNodeId":{{b}}}""", "amount"),
            ($$"""{"fromNodeId":"{{a}}","toNodeId":{{b}},"amount":1}""", "fromNodeId"),
            ($$"""{"fromNodeId":{{a}},"toNodeId":{{b}}.5,"amount":1}""", "toNodeId"),
            ($$"""{"fromNodeId":{{a}},"toNodeId":{{b}},"amount":1,"label":"{{new string('x', 101)}}"}""", "label"),
            ($$"""{"fromNodeId":{{a}},"toNodeId":{{b}},"amount":1,"profileId":{{ann.ProfileId}}}""", "profileId"),
            ($$"""{"fromNodeId":{{a}},"toNodeId":{{b}},"amount":1,"id":1}""", "id"),
        };

        foreach (var (body, field) in cases)
        {
            var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Flows(ann), body);
            var fields = await response.ProblemFieldsAsync();
            Assert.True(fields.SequenceEqual([field]), $"{body} should be refused on {field}, was refused on {string.Join(", ", fields)}");
        }
        Assert.Equal(0, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task A_flow_joins_two_different_nodes()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");

        var response = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = a, toNodeId = a, amount = 1m }, Ct);

        Assert.Equal(["toNodeId"], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task A_flow_to_or_from_a_node_that_does_not_exist_is_refused()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var gone = await NodeAsync(ann, "Gone");
        await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/nodes/{gone}", Ct);

        var to = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = a, toNodeId = gone, amount = 1m }, Ct);
        var from = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = gone, toNodeId = a, amount = 1m }, Ct);
        var neither = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = long.MaxValue, toNodeId = 0, amount = 1m }, Ct);

        Assert.Equal(["toNodeId"], await to.ProblemFieldsAsync());
        Assert.Equal(["fromNodeId"], await from.ProblemFieldsAsync());
        Assert.Equal(["fromNodeId", "toNodeId"], await neither.ProblemFieldsAsync());
        Assert.Equal(0, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task A_flow_cannot_reach_a_node_of_another_profile_of_the_same_user()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var kid = await ann.Client.PostAsJsonAsync("/api/profiles", new { name = "Kid" }, Ct);
        var kidId = (await kid.ReadJsonAsync()).GetProperty("id").GetInt64();
        var mine = await NodeAsync(ann, "Checking");
        var theirs = await NodeAsync(ann, "Piggy bank", "savings", kidId);

        var to = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = mine, toNodeId = theirs, amount = 10m }, Ct);
        var from = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = theirs, toNodeId = mine, amount = 10m }, Ct);
        var fromKid = await ann.Client.PostAsJsonAsync($"/api/profiles/{kidId}/flows", new { fromNodeId = mine, toNodeId = theirs, amount = 10m }, Ct);

        Assert.Equal(["toNodeId"], await to.ProblemFieldsAsync());
        Assert.Equal(["fromNodeId"], await from.ProblemFieldsAsync());
        Assert.Equal(["fromNodeId"], await fromKid.ProblemFieldsAsync());
        Assert.Equal(0, CountFlows(ann.ProfileId));
        Assert.Equal(0, CountFlows(kidId));
    }

    [Fact]
    public async Task A_flow_cannot_reach_another_users_node()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var mine = await NodeAsync(ann, "Checking");
        var bobs = await NodeAsync(bob, "Bob's savings", "savings");

        var response = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = mine, toNodeId = bobs, amount = 10m }, Ct);

        Assert.Equal(["toNodeId"], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task A_flow_that_closes_a_loop_is_refused()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var c = await NodeAsync(ann, "C");
        await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 1m });
        await ann.CreateAsync("flows", new { fromNodeId = b, toNodeId = c, amount = 1m });

        var loop = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = c, toNodeId = a, amount = 1m }, Ct);
        var back = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = b, toNodeId = a, amount = 1m }, Ct);

        Assert.Equal(["toNodeId"], await loop.ProblemFieldsAsync());
        Assert.Equal(["toNodeId"], await back.ProblemFieldsAsync());
        Assert.Equal(2, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task Flows_that_merge_without_a_loop_are_allowed()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var c = await NodeAsync(ann, "C");
        await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 1m });
        await ann.CreateAsync("flows", new { fromNodeId = b, toNodeId = c, amount = 1m });

        // A shortcut A→C and a second A→B are not loops: money still flows one way.
        await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = c, amount = 1m });
        await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 2m });

        Assert.Equal(4, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task Updating_a_flow_into_a_loop_is_refused_and_changes_nothing()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var c = await NodeAsync(ann, "C");
        var d = await NodeAsync(ann, "D");
        await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 1m });
        await ann.CreateAsync("flows", new { fromNodeId = b, toNodeId = c, amount = 1m });
        var last = await ann.CreateAsync("flows", new { fromNodeId = c, toNodeId = d, amount = 7m, label = "Last" });
        var url = $"{Flows(ann)}/{last}";
        var before = await ann.Client.GetJsonAsync(url);

        var response = await ann.Client.PutAsJsonAsync(url, new { fromNodeId = c, toNodeId = a, amount = 9m }, Ct);

        Assert.Equal(["toNodeId"], await response.ProblemFieldsAsync());
        Assert.True(JsonElement.DeepEquals(before, await ann.Client.GetJsonAsync(url)));
    }

    [Fact]
    public async Task A_flow_may_be_updated_in_place_or_turned_around_when_that_makes_no_loop()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var c = await NodeAsync(ann, "C");
        var ab = await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 1m });
        await ann.CreateAsync("flows", new { fromNodeId = b, toNodeId = c, amount = 1m });

        // The flow being changed is not an obstacle to itself.
        var same = await ann.Client.PutAsJsonAsync($"{Flows(ann)}/{ab}", new { fromNodeId = a, toNodeId = b, amount = 2m }, Ct);
        var reversed = await ann.Client.PutAsJsonAsync($"{Flows(ann)}/{ab}", new { fromNodeId = b, toNodeId = a, amount = 3m }, Ct);

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        var read = await ann.Client.GetJsonAsync($"{Flows(ann)}/{ab}");
        Assert.Equal(b, read.GetProperty("fromNodeId").GetInt64());
        Assert.Equal(a, read.GetProperty("toNodeId").GetInt64());
        Assert.Equal(3m, read.Number("amount"));
    }

    [Fact]
    public async Task A_bad_update_names_the_field_and_changes_nothing()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var id = await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 5m });
        var url = $"{Flows(ann)}/{id}";
        var before = await ann.Client.GetJsonAsync(url);

        var zero = await ann.Client.PutAsJsonAsync(url, new { fromNodeId = a, toNodeId = b, amount = 0m }, Ct);
        var self = await ann.Client.PutAsJsonAsync(url, new { fromNodeId = a, toNodeId = a, amount = 5m }, Ct);
        var unknown = await ann.Client.SendJsonAsync(HttpMethod.Put, url, $$"""{"fromNodeId":{{a}},"toNodeId":{{b}},"amount":5,"profileId":1}""");

        Assert.Equal(["amount"], await zero.ProblemFieldsAsync());
        Assert.Equal(["toNodeId"], await self.ProblemFieldsAsync());
        Assert.Equal(["profileId"], await unknown.ProblemFieldsAsync());
        Assert.True(JsonElement.DeepEquals(before, await ann.Client.GetJsonAsync(url)));
    }

    [Fact]
    public async Task A_profiles_flows_together_stay_within_the_exact_range()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var c = await NodeAsync(ann, "C");
        var big = await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 600_000_000_000m });

        var tooMuch = await ann.Client.PostAsJsonAsync(Flows(ann), new { fromNodeId = b, toNodeId = c, amount = 600_000_000_000m }, Ct);
        // Growing the one flow is measured without its old amount.
        var grown = await ann.Client.PutAsJsonAsync($"{Flows(ann)}/{big}", new { fromNodeId = a, toNodeId = b, amount = 1_000_000_000_000m }, Ct);

        Assert.Equal(["amount"], await tooMuch.ProblemFieldsAsync());
        Assert.Equal(HttpStatusCode.OK, grown.StatusCode);
        Assert.Equal(1, CountFlows(ann.ProfileId));
    }

    [Fact]
    public async Task Deleting_a_node_deletes_the_flows_into_and_out_of_it()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await NodeAsync(ann, "Salary", "income");
        var checking = await NodeAsync(ann, "Checking");
        var rent = await NodeAsync(ann, "Rent", "expense");
        var into = await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = 5000m });
        var outOf = await ann.CreateAsync("flows", new { fromNodeId = checking, toNodeId = rent, amount = 1800m });
        var bypass = await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = rent, amount = 1m });

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/nodes/{checking}", Ct)).StatusCode);

        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM flows WHERE from_node_id = $node OR to_node_id = $node OR id IN ($into, $outOf)";
        command.Parameters.AddWithValue("$node", checking);
        command.Parameters.AddWithValue("$into", into);
        command.Parameters.AddWithValue("$outOf", outOf);
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        Assert.Equal([bypass], Ids(await ann.Client.GetJsonAsync(Flows(ann))));
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync($"{Flows(ann)}/{into}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Flows_of_one_profile_are_not_seen_from_another()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var kid = await ann.Client.PostAsJsonAsync("/api/profiles", new { name = "Kid" }, Ct);
        var kidId = (await kid.ReadJsonAsync()).GetProperty("id").GetInt64();
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var flow = await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 5m });
        var elsewhere = $"/api/profiles/{kidId}/flows/{flow}";

        Assert.Empty((await ann.Client.GetJsonAsync($"/api/profiles/{kidId}/flows")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(elsewhere, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.PutAsJsonAsync(elsewhere, new { fromNodeId = a, toNodeId = b, amount = 6m }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(elsewhere, Ct)).StatusCode);
        Assert.Equal(5m, (await ann.Client.GetJsonAsync($"{Flows(ann)}/{flow}")).Number("amount"));
    }

    [Fact]
    public async Task Another_user_gets_404_for_my_flows()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var a = await NodeAsync(ann, "A");
        var b = await NodeAsync(ann, "B");
        var flow = await ann.CreateAsync("flows", new { fromNodeId = a, toNodeId = b, amount = 5m });
        var url = $"{Flows(ann)}/{flow}";
        var body = new { fromNodeId = a, toNodeId = b, amount = 999m };

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsJsonAsync(url, body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(Flows(ann), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsJsonAsync(Flows(ann), body, Ct)).StatusCode);
        var viaBob = $"{Flows(bob)}/{flow}";
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(viaBob, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsJsonAsync(viaBob, body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync(viaBob, Ct)).StatusCode);

        var still = await ann.Client.GetJsonAsync(url);
        Assert.Equal(5m, still.Number("amount"));
        Assert.Equal(1, CountFlows(ann.ProfileId));
        Assert.Equal(0, CountFlows(bob.ProfileId));
    }
}
