namespace Budget.Tests.Infrastructure;

/// <summary>
/// A household with something in every profile-scoped table and every optional field both set and left out: the
/// account export is tested against it. A new profile-scoped table fails AccountExportTests until this creates a
/// row of it (and the export carries it).
/// </summary>
public static class RichHousehold
{
    public static async Task<TestUser> CreateAsync(ApiFactory factory, string currency = "EUR")
    {
        var user = await TestUser.RegisterAsync(factory, "rich", currency);
        var client = user.Client;
        await FillAsync(factory, user, user.ProfileId, "Salary");
        factory.Clock.Advance(TimeSpan.FromSeconds(40));
        var sam = await user.CreateAsync("../../profiles", new { name = "Sam Ødegård", avatarColor = "#7c3aed" }, profileId: 0);
        await FillAsync(factory, user, sam, "Pocket money");
        // A goal changed after it was set: its starting amount and current one differ.
        var goals = await client.GetJsonAsync($"/api/profiles/{user.ProfileId}/goals");
        var goal = goals[0];
        var response = await client.PutAsync($"/api/profiles/{user.ProfileId}/goals/{goal.GetProperty("id").GetInt64()}",
            System.Net.Http.Json.JsonContent.Create(new { name = goal.GetProperty("name").GetString(), target = 5000, current = 1250.5, deadline = "2027-06-30", priority = 1 }),
            TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return user;
    }

    private static async Task FillAsync(ApiFactory factory, TestUser user, long profileId, string incomeLabel)
    {
        var income = await user.CreateAsync("nodes", new { type = "income", label = incomeLabel, amount = 4000, institution = "Employer AG" }, profileId);
        factory.Clock.Advance(TimeSpan.FromSeconds(20));
        var checking = await user.CreateAsync("nodes", new { type = "account", label = "Checking", balance = -120.45, institution = "Bank", metadata = new { color = "#2563eb", note = "joint, \"main\"", tags = new[] { "a", "é" } } }, profileId);
        var savings = await user.CreateAsync("nodes", new { type = "savings", label = "Rainy day", balance = 5000, apy = 4.25 }, profileId);
        var investing = await user.CreateAsync("nodes", new { type = "investment", label = "Index fund", balance = 12000.1, apy = 6.1234 }, profileId);
        var rent = await user.CreateAsync("nodes", new { type = "expense", label = "Rent", amount = 1400 }, profileId);
        var loan = await user.CreateAsync("nodes", new { type = "debt", label = "Car loan", balance = 8000 }, profileId);
        await user.CreateAsync("flows", new { fromNodeId = income, toNodeId = checking, amount = 4000, label = "Pay day" }, profileId);
        await user.CreateAsync("flows", new { fromNodeId = checking, toNodeId = rent, amount = 1400 }, profileId);
        await user.CreateAsync("flows", new { fromNodeId = checking, toNodeId = savings, amount = 500 }, profileId);
        await user.CreateAsync("flows", new { fromNodeId = savings, toNodeId = investing, amount = 200 }, profileId);
        await user.CreateAsync("flows", new { fromNodeId = checking, toNodeId = loan, amount = 300.33 }, profileId);
        factory.Clock.Advance(TimeSpan.FromSeconds(20));
        var food = await user.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" }, profileId);
        var fuel = await user.CreateAsync("budgets", new { name = "Fuel", budgeted = 50, period = "weekly", alertThresholds = new[] { 50, 90, 120 } }, profileId);
        var insurance = await user.CreateAsync("budgets", new { name = "Insurance", budgeted = 1200, period = "yearly" }, profileId);
        // Starts after every date the tests look at, so it adds no transaction to their figures.
        await user.CreateAsync($"budgets/{insurance}/schedules", new { amount = 1200, frequency = "yearly", month = 3, dayOfMonth = 1, startDate = "2099-03-01", note = "Home and contents" }, profileId);
        await user.CreateAsync($"budgets/{food}/transactions", new { amount = 42.17, date = "2026-01-15", note = "Market" }, profileId);
        await user.CreateAsync($"budgets/{food}/transactions", new { amount = -5.5, date = "2026-01-15", note = "Refund, \"bottle\" deposit" }, profileId);
        await user.CreateAsync($"budgets/{food}/transactions", new { amount = 310.01, date = "2026-01-31" }, profileId);
        await user.CreateAsync($"budgets/{fuel}/transactions", new { amount = 61.2, date = "2026-02-01", note = "=1+1 🚗" }, profileId);
        factory.Clock.Advance(TimeSpan.FromSeconds(20));
        await user.CreateAsync("goals", new { name = "Holiday", target = 3000, current = 250, deadline = "2026-08-01", priority = 2 }, profileId);
        await user.CreateAsync("goals", new { name = "New roof", target = 20000, current = 0 }, profileId);
        await user.CreateAsync("goals", new { name = "Buffer", target = 9000, deadline = "2028-01-01", nodeId = savings }, profileId);
    }
}
