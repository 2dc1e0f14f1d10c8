using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class NodesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Nodes(TestUser user) => $"/api/profiles/{user.ProfileId}/nodes";

    private long CountNodes(long profileId)
    {
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM nodes WHERE profile_id = $profile";
        command.Parameters.AddWithValue("$profile", profileId);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_created_node_is_at_its_location()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var created = await ann.Client.PostAsJsonAsync(Nodes(ann), new
        {
            type = "savings",
            label = "  Rainy day  ",
            institution = "Ally",
            amount = 250.50m,
            balance = 12000m,
            apy = 4.25m,
            metadata = new { color = "#10b981", x = 120, pinned = true },
        }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var node = await created.ReadJsonAsync();
        var id = node.GetProperty("id").GetInt64();
        Assert.Equal($"{Nodes(ann)}/{id}", created.Headers.Location?.AbsolutePath);
        Assert.Equal("savings", node.GetProperty("type").GetString());
        Assert.Equal("Rainy day", node.GetProperty("label").GetString());
        Assert.Equal("Ally", node.GetProperty("institution").GetString());
        Assert.Equal(250.50m, node.Number("amount"));
        Assert.Equal(12000m, node.Number("balance"));
        Assert.Equal(4.25m, node.Number("apy"));
        Assert.Equal("#10b981", node.GetProperty("metadata").GetProperty("color").GetString());

        var read = await ann.Client.GetJsonAsync(created.Headers.Location!.ToString());
        Assert.True(JsonElement.DeepEquals(node, read), $"POST answered {node}, GET answered {read}");
    }

    [Fact]
    public async Task Money_is_stored_as_whole_cents()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var id = await ann.CreateAsync("nodes", new { type = "account", label = "Checking", amount = 1234.56m, balance = -0.01m });

        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT amount, typeof(amount), balance, typeof(balance) FROM nodes WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var row = command.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal(123456L, row.GetInt64(0));
        Assert.Equal("integer", row.GetString(1));
        Assert.Equal(-1L, row.GetInt64(2));
        Assert.Equal("integer", row.GetString(3));
    }

    [Fact]
    public async Task A_node_can_be_read_listed_replaced_and_deleted()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 5000m });
        var rent = await ann.CreateAsync("nodes", new { type = "expense", label = "Rent", amount = 1800m });
        var url = $"{Nodes(ann)}/{salary}";

        var one = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Salary", one.GetProperty("label").GetString());
        var list = await ann.Client.GetJsonAsync(Nodes(ann));
        Assert.Equal([salary, rent], list.EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));

        var replaced = await ann.Client.PutAsJsonAsync(url, new { type = "income", label = "Salary after raise", amount = 5500.25m }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var read = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Salary after raise", read.GetProperty("label").GetString());
        Assert.Equal(5500.25m, read.Number("amount"));
        Assert.Equal(one.GetProperty("createdAt").GetDateTime(), read.GetProperty("createdAt").GetDateTime());

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        var left = await ann.Client.GetJsonAsync(Nodes(ann));
        Assert.Equal([rent], left.EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task The_list_is_in_creation_order()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var ids = new List<long>();
        foreach (var label in new[] { "Zeta", "Alpha", "Mu" })
        {
            ids.Add(await ann.CreateAsync("nodes", new { type = "expense", label }));
        }
        // Renaming the first must not move it.
        await ann.Client.PutAsJsonAsync($"{Nodes(ann)}/{ids[0]}", new { type = "expense", label = "Aardvark" }, Ct);

        var list = await ann.Client.GetJsonAsync(Nodes(ann));

        Assert.Equal(ids, list.EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        Assert.Equal(["Aardvark", "Alpha", "Mu"], list.EnumerateArray().Select(n => n.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task A_new_profile_has_an_empty_map()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var list = await ann.Client.GetJsonAsync(Nodes(ann));

        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Empty(list.EnumerateArray());
    }

    [Fact]
    public async Task Put_replaces_every_field_and_clears_the_ones_left_out()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await ann.CreateAsync("nodes", new
        {
            type = "investment",
            label = "Brokerage",
            institution = "Vanguard",
            amount = 500m,
            balance = 80000m,
            apy = 7m,
            metadata = new { x = 1 },
        });
        var url = $"{Nodes(ann)}/{id}";

        var response = await ann.Client.PutAsJsonAsync(url, new { type = "debt", label = "Car loan" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await ann.Client.GetJsonAsync(url);
        Assert.True(JsonElement.DeepEquals(await response.ReadJsonAsync(), read));
        Assert.Equal("debt", read.GetProperty("type").GetString());
        Assert.Equal("Car loan", read.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, read.GetProperty("institution").ValueKind);
        Assert.Equal(0m, read.Number("amount"));
        Assert.Equal(0m, read.Number("balance"));
        Assert.Equal(JsonValueKind.Null, read.GetProperty("apy").ValueKind);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("metadata").ValueKind);
    }

    [Fact]
    public async Task A_bad_put_changes_nothing()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await ann.CreateAsync("nodes", new { type = "account", label = "Checking", amount = 10m });
        var url = $"{Nodes(ann)}/{id}";
        var before = await ann.Client.GetJsonAsync(url);

        var response = await ann.Client.PutAsJsonAsync(url, new { type = "account", label = "Renamed", amount = -10m }, Ct);

        Assert.Equal(["amount"], await response.ProblemFieldsAsync());
        Assert.True(JsonElement.DeepEquals(before, await ann.Client.GetJsonAsync(url)));
    }

    [Theory]
    [InlineData("income")]
    [InlineData("account")]
    [InlineData("savings")]
    [InlineData("investment")]
    [InlineData("expense")]
    [InlineData("debt")]
    public async Task Every_node_type_round_trips_by_its_lower_case_name(string type)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var id = await ann.CreateAsync("nodes", new { type, label = "Box" });

        var read = await ann.Client.GetJsonAsync($"{Nodes(ann)}/{id}");
        Assert.Equal(type, read.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("0.2")]
    [InlineData("0.01")]
    [InlineData("1234567890.12")]
    [InlineData("999999999999.99")]
    [InlineData("1000000000000")]
    public async Task Amounts_and_balances_round_trip_exactly(string number)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var value = decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann),
            $$"""{"type":"account","label":"Box","amount":{{number}},"balance":-{{number}}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await ann.Client.GetJsonAsync(response.Headers.Location!.ToString());
        Assert.Equal(value, read.Number("amount"));
        Assert.Equal(-value, read.Number("balance"));
        // Exact in the text too, so a JavaScript client reads the same number.
        Assert.Equal(value, decimal.Parse(read.GetProperty("amount").GetRawText(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_balance_may_be_negative_but_an_amount_may_not()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var overdrawn = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type = "account", label = "Checking", balance = -250.75m }, Ct);
        var negative = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type = "expense", label = "Rent", amount = -1m }, Ct);

        Assert.Equal(HttpStatusCode.Created, overdrawn.StatusCode);
        Assert.Equal(-250.75m, (await overdrawn.ReadJsonAsync()).Number("balance"));
        Assert.Equal(["amount"], await negative.ProblemFieldsAsync());
        Assert.Equal(1, CountNodes(ann.ProfileId));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4.25")]
    [InlineData("0.0001")]
    [InlineData("5.1234")]
    [InlineData("1000")]
    public async Task An_apy_is_a_percentage_with_up_to_four_decimals(string apy)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), $$"""{"type":"savings","label":"HYSA","apy":{{apy}}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await ann.Client.GetJsonAsync(response.Headers.Location!.ToString());
        Assert.Equal(decimal.Parse(apy, System.Globalization.CultureInfo.InvariantCulture), read.Number("apy"));
    }

    [Theory]
    [InlineData("5.12345")]
    [InlineData("-0.5")]
    [InlineData("1000.0001")]
    [InlineData("\"4.25\"")]
    public async Task A_bad_apy_is_refused(string apy)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), $$"""{"type":"savings","label":"HYSA","apy":{{apy}}}""");

        Assert.Equal(["apy"], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountNodes(ann.ProfileId));
    }

    [Fact]
    public async Task An_institution_is_trimmed_and_blank_means_none()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var named = await ann.CreateAsync("nodes", new { type = "account", label = "Checking", institution = "  Chase " });
        var blank = await ann.CreateAsync("nodes", new { type = "account", label = "Cash", institution = "   " });

        Assert.Equal("Chase", (await ann.Client.GetJsonAsync($"{Nodes(ann)}/{named}")).GetProperty("institution").GetString());
        Assert.Equal(JsonValueKind.Null, (await ann.Client.GetJsonAsync($"{Nodes(ann)}/{blank}")).GetProperty("institution").ValueKind);
    }

    [Fact]
    public async Task Metadata_round_trips_exactly()
    {
        var ann = await TestUser.RegisterAsync(factory);
        const string metadata = """{"color":"#10B981","position":{"x":120.5,"y":-3},"tags":["rent","fixed"],"note":"Café ☕ \"quoted\"","big":12345678901234567890,"precise":0.10,"none":null,"ok":false}""";

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), $$"""{"type":"expense","label":"Rent","metadata":{{metadata}}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await ann.Client.GetJsonAsync(response.Headers.Location!.ToString());
        var sent = JsonDocument.Parse(metadata).RootElement;
        var kept = read.GetProperty("metadata");
        Assert.True(JsonElement.DeepEquals(sent, kept), $"sent {metadata}, got back {kept.GetRawText()}");
        // Numbers come back as written: no double rounding of a large integer, no lost trailing zero.
        Assert.Equal("12345678901234567890", kept.GetProperty("big").GetRawText());
        Assert.Equal("0.10", kept.GetProperty("precise").GetRawText());
    }

    [Fact]
    public async Task Metadata_may_be_an_empty_object_or_null()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var empty = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), """{"type":"expense","label":"A","metadata":{}}""");
        var none = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), """{"type":"expense","label":"B","metadata":null}""");

        Assert.Equal(HttpStatusCode.Created, empty.StatusCode);
        Assert.Equal("{}", (await empty.ReadJsonAsync()).GetProperty("metadata").GetRawText());
        Assert.Equal(HttpStatusCode.Created, none.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await none.ReadJsonAsync()).GetProperty("metadata").ValueKind);
    }

    [Fact]
    public async Task Metadata_is_kept_compact_so_layout_does_not_count_against_the_limit()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var entries = Enumerable.Range(0, 100).Select(i => $"\"key{i:D3}\"  :  \"{new string('v', 10)}\"");
        var pretty = "{\n" + string.Join(",\n", entries.Select(e => new string(' ', 20) + e)) + "\n}";
        Assert.True(pretty.Length > 4_096, "the laid-out object must be over the limit");
        var compact = JsonSerializer.Serialize(JsonDocument.Parse(pretty).RootElement);
        Assert.True(compact.Length < 4_096, "the compact object must be under the limit");

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), $$"""{"type":"expense","label":"Rent","metadata":{{pretty}}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT metadata FROM nodes WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(compact, (string)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Metadata_longer_than_the_limit_is_refused()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var body = JsonSerializer.Serialize(new { type = "expense", label = "Rent", metadata = new { text = new string('x', 4_096) } });

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), body);

        Assert.Equal(["metadata"], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountNodes(ann.ProfileId));
    }

    [Theory]
    [InlineData("""{"type":"income","label":""}""", "label")]
    [InlineData("""{"type":"income","label":"   "}""", "label")]
    [InlineData("""{"type":"income","label":null}""", "label")]
    [InlineData("""{"type":"income"}""", "label")]
    [InlineData("""{"type":"income","label":"Tab\there"}""", "label")]
    [InlineData("""{"label":"Salary"}""", "type")]
    [InlineData("""{"type":"foo","label":"Salary"}""", "type")]
    [InlineData("""{"type":0,"label":"Salary"}""", "type")]
    [InlineData("""{"type":"income","label":"Salary","amount":12.345}""", "amount")]
    [InlineData("""{"type":"income","label":"Salary","amount":"12"}""", "amount")]
    [InlineData("""{"type":"income","label":"Salary","amount":-0.01}""", "amount")]
    [InlineData("""{"type":"income","label":"Salary","amount":1000000000000.01}""", "amount")]
    [InlineData("""{"type":"income","label":"Salary","amount":null}""", "amount")]
    [InlineData("""{"type":"account","label":"Checking","balance":0.001}""", "balance")]
    [InlineData("""{"type":"account","label":"Checking","balance":"-5"}""", "balance")]
    [InlineData("""{"type":"account","label":"Checking","balance":-1000000000000.01}""", "balance")]
    [InlineData("""{"type":"account","label":"Checking","institution":7}""", "institution")]
    [InlineData("""{"type":"expense","label":"Rent","metadata":[1,2]}""", "metadata")]
    [InlineData("""{"type":"expense","label":"Rent","metadata":"{\"a\":1}"}""", "metadata")]
    [InlineData("""{"type":"expense","label":"Rent","metadata":42}""", "metadata")]
    [InlineData("""{"type":"expense","label":"Rent","profileId":1}""", "profileId")]
    [InlineData("""{"type":"expense","label":"Rent","id":1}""", "id")]
    [InlineData("""{"type":"expense","label":"Rent","createdAt":"2024-01-01T00:00:00Z"}""", "createdAt")]
    [InlineData("""{"type":"expense","label":"Rent","label":"Rent again"}""", "label")]
    public async Task Bad_nodes_are_refused_naming_the_field(string body, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann), body);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountNodes(ann.ProfileId));
    }

    [Theory]
    [InlineData("account,savings")]
    [InlineData("income, account")]
    public async Task A_list_of_types_is_refused_rather_than_combined_into_another_type(string type)
    {
        var ann = await TestUser.RegisterAsync(factory);

        // System.Text.Json reads "account,savings" as the flags Account | Savings, which is Investment.
        var response = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type, label = "Box" }, Ct);

        Assert.Equal(["type"], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountNodes(ann.ProfileId));
    }

    [Fact]
    public async Task A_label_of_up_to_100_characters_is_kept_and_a_longer_one_refused()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var longest = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type = "expense", label = new string('a', 100) }, Ct);
        var tooLong = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type = "expense", label = new string('a', 101) }, Ct);

        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(["label"], await tooLong.ProblemFieldsAsync());
        Assert.Equal(1, CountNodes(ann.ProfileId));
    }

    [Fact]
    public async Task Every_field_at_fault_is_named_at_once()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Nodes(ann),
            $$"""{"type":"expense","label":"{{new string('a', 101)}}","amount":-1,"balance":0.001,"apy":-1,"metadata":[]}""");

        Assert.Equal(["amount", "apy", "balance", "label", "metadata"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Amounts_follow_the_users_currency()
    {
        var yuki = await TestUser.RegisterAsync(factory, "yuki", currency: "JPY");
        var url = $"/api/profiles/{yuki.ProfileId}/nodes";

        var whole = await yuki.Client.PostAsJsonAsync(url, new { type = "income", label = "Salary", amount = 350000m }, Ct);
        var fraction = await yuki.Client.PostAsJsonAsync(url, new { type = "income", label = "Bonus", amount = 0.5m }, Ct);

        Assert.Equal(HttpStatusCode.Created, whole.StatusCode);
        Assert.Equal(350000m, (await whole.ReadJsonAsync()).Number("amount"));
        Assert.Equal(["amount"], await fraction.ProblemFieldsAsync());
    }

    [Fact]
    public async Task A_profiles_amounts_together_stay_within_the_exact_range()
    {
        var ann = await TestUser.RegisterAsync(factory);
        await ann.CreateAsync("nodes", new { type = "income", label = "Big", amount = 600_000_000_000m, balance = -600_000_000_000m });

        var amount = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type = "income", label = "Bigger", amount = 600_000_000_000m }, Ct);
        var balance = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type = "account", label = "Rich", balance = 600_000_000_000m }, Ct);

        Assert.Equal(["amount"], await amount.ProblemFieldsAsync());
        Assert.Equal(["balance"], await balance.ProblemFieldsAsync());
        Assert.Equal(1, CountNodes(ann.ProfileId));
    }

    [Fact]
    public async Task A_profile_keeps_at_most_500_nodes()
    {
        var ann = await TestUser.RegisterAsync(factory);
        using (var db = factory.OpenDatabase())
        using (var insert = db.CreateCommand())
        {
            insert.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
                INSERT INTO nodes (profile_id, type, label, amount, balance, created_at)
                SELECT $profile, 'Expense', 'Box ' || i, 0, 0, '2025-01-01 00:00:00' FROM n
                """;
            insert.Parameters.AddWithValue("$profile", ann.ProfileId);
            insert.ExecuteNonQuery();
        }

        var response = await ann.Client.PostAsJsonAsync(Nodes(ann), new { type = "expense", label = "One too many" }, Ct);

        Assert.Equal(["$"], await response.ProblemFieldsAsync());
        Assert.Equal(500, CountNodes(ann.ProfileId));
    }

    [Fact]
    public async Task Deleting_a_profile_deletes_its_nodes_and_flows()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var kid = await ann.Client.PostAsJsonAsync("/api/profiles", new { name = "Kid" }, Ct);
        var kidId = (await kid.ReadJsonAsync()).GetProperty("id").GetInt64();
        var allowance = await ann.CreateAsync("nodes", new { type = "income", label = "Allowance" }, kidId);
        var piggy = await ann.CreateAsync("nodes", new { type = "savings", label = "Piggy bank" }, kidId);
        await ann.CreateAsync("flows", new { fromNodeId = allowance, toNodeId = piggy, amount = 5m }, kidId);
        var mine = await ann.CreateAsync("nodes", new { type = "income", label = "Salary" });

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{kidId}", Ct)).StatusCode);

        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM nodes WHERE profile_id = $kid OR id IN ($allowance, $piggy)),
                   (SELECT count(*) FROM flows WHERE profile_id = $kid OR from_node_id IN ($allowance, $piggy) OR to_node_id IN ($allowance, $piggy)),
                   (SELECT count(*) FROM nodes WHERE id = $mine)
            """;
        command.Parameters.AddWithValue("$kid", kidId);
        command.Parameters.AddWithValue("$allowance", allowance);
        command.Parameters.AddWithValue("$piggy", piggy);
        command.Parameters.AddWithValue("$mine", mine);
        using var row = command.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal(0L, row.GetInt64(0));
        Assert.Equal(0L, row.GetInt64(1));
        Assert.Equal(1L, row.GetInt64(2));
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync($"/api/profiles/{kidId}/nodes", Ct)).StatusCode);
    }

    [Fact]
    public async Task Nodes_of_one_profile_are_not_seen_from_another()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var kid = await ann.Client.PostAsJsonAsync("/api/profiles", new { name = "Kid" }, Ct);
        var kidId = (await kid.ReadJsonAsync()).GetProperty("id").GetInt64();
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary" });

        Assert.Empty((await ann.Client.GetJsonAsync($"/api/profiles/{kidId}/nodes")).EnumerateArray());
        var elsewhere = $"/api/profiles/{kidId}/nodes/{salary}";
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(elsewhere, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.PutAsJsonAsync(elsewhere, new { type = "income", label = "Moved" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(elsewhere, Ct)).StatusCode);
        Assert.Equal("Salary", (await ann.Client.GetJsonAsync($"{Nodes(ann)}/{salary}")).GetProperty("label").GetString());
    }

    [Fact]
    public async Task Another_user_gets_404_for_my_nodes()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var bob = await TestUser.RegisterAsync(factory, "bob");
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 5000m });
        var url = $"{Nodes(ann)}/{salary}";
        var body = new { type = "expense", label = "Hacked", amount = 1m };

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsJsonAsync(url, body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(Nodes(ann), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsJsonAsync(Nodes(ann), body, Ct)).StatusCode);
        // Nor through Bob's own profile with Ann's node id.
        var viaBob = $"{Nodes(bob)}/{salary}";
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(viaBob, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PutAsJsonAsync(viaBob, body, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.DeleteAsync(viaBob, Ct)).StatusCode);

        var still = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Salary", still.GetProperty("label").GetString());
        Assert.Equal(5000m, still.Number("amount"));
        Assert.Equal(1, CountNodes(ann.ProfileId));
        Assert.Equal(0, CountNodes(bob.ProfileId));
    }

    [Fact]
    public async Task Nodes_need_a_signed_in_user()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var anonymous = factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Nodes(ann), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Nodes(ann), new { type = "income", label = "Salary" }, Ct)).StatusCode);
        Assert.Equal(0, CountNodes(ann.ProfileId));
    }
}
