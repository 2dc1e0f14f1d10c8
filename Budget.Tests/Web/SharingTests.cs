using System.Text.RegularExpressions;
using Budget.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>Sharing a profile between two people, each in their own browser.</summary>
[Collection(WebAppCollection.Name)]
public sealed class SharingTests(WebAppServer server)
{
    [Fact]
    public async Task An_invited_viewer_accepts_sees_the_shared_profile_read_only_and_is_out_once_removed()
    {
        using var ann = await Household.RegisterAsync(server, "Ann");
        using var bob = await Household.RegisterAsync(server, "Bob");
        var groceries = await ann.CreateAsync("budgets", new { name = "Groceries", budgeted = 400, period = "monthly" });
        await ann.CreateAsync($"budgets/{groceries}/transactions", new { amount = 25, date = server.Today.ToString("yyyy-MM-dd"), note = "market" });

        // Ann invites Bob as a viewer from the profiles screen.
        var annsPage = await server.NewPageAsync();
        await ann.SignInAsync(annsPage);
        await annsPage.GetByRole(AriaRole.Link, new() { Name = "Manage" }).ClickAsync();
        var members = annsPage.GetByRole(AriaRole.Region, new() { Name = "Members of Ann" });
        await members.GetByLabel("Their email").FillAsync(bob.Email);
        await members.GetByLabel("As", new() { Exact = true }).SelectOptionAsync("viewer");
        await members.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        await Expect(members.GetByRole(AriaRole.Row).Filter(new() { HasText = bob.Email })).ToContainTextAsync("viewer");
        await Expect(members.GetByLabel("Their email")).ToHaveValueAsync("");

        // Bob, in his own browser, finds the invitation on his profiles screen and accepts it.
        var bobsPage = await server.NewPageAsync();
        await bob.SignInAsync(bobsPage);
        await bobsPage.GetByRole(AriaRole.Link, new() { Name = "Manage" }).ClickAsync();
        var invitations = bobsPage.GetByRole(AriaRole.Region, new() { Name = "Invitations" });
        await Expect(invitations).ToContainTextAsync($"{ann.Email} invites you to Ann as viewer");
        await invitations.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(invitations).ToHaveCountAsync(0);

        // The shared profile is marked in the switcher and the list, and it is the one on screen now.
        var switcher = bobsPage.GetByRole(AriaRole.Combobox, new() { Name = "Profile" });
        await Expect(switcher.Locator("option", new() { HasText = "Ann (shared)" })).ToHaveCountAsync(1);
        await Expect(switcher).ToHaveValueAsync(ann.ProfileId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(bobsPage.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "shared by" })).ToContainTextAsync($"shared by {ann.Email} · viewer");
        var bobsMembers = bobsPage.GetByRole(AriaRole.Region, new() { Name = "Members of Ann" });
        await Expect(bobsMembers.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(bobsMembers.GetByLabel("Their email")).ToHaveCountAsync(0);
        await Browser.ReviewAsync(bobsPage, "sharing-invitee");

        // As a viewer Bob reads Ann's budget but has nothing to add a transaction with.
        await bobsPage.GotoAsync($"/budgets/{groceries}");
        await Expect(bobsPage.GetByRole(AriaRole.Row).Filter(new() { HasText = "market" })).ToHaveCountAsync(1);
        await Expect(bobsPage.GetByRole(AriaRole.Note)).ToContainTextAsync("You can view Ann");
        await Expect(bobsPage.GetByRole(AriaRole.Button, new() { Name = "Add transaction" })).ToHaveCountAsync(0);
        await Expect(bobsPage.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
        await bobsPage.GotoAsync("/budgets");
        await Expect(bobsPage.GetByRole(AriaRole.Heading, new() { Name = "Groceries" })).ToBeVisibleAsync();
        await Expect(bobsPage.GetByRole(AriaRole.Button, new() { Name = "New budget" })).ToHaveCountAsync(0);

        // Ann sees Bob among the members (the screenshot for the README), then removes him.
        await annsPage.ReloadAsync();
        var bobsRow = members.GetByRole(AriaRole.Row).Filter(new() { HasText = bob.Email });
        await Expect(bobsRow.GetByRole(AriaRole.Combobox, new() { Name = $"Role of {bob.Email}" })).ToHaveValueAsync("viewer");
        await Browser.ReviewAsync(annsPage, "sharing");
        await annsPage.SetViewportSizeAsync(1280, 900);
        await members.ScreenshotAsync(new() { Path = Path.Combine(WebAppServer.RepositoryRoot, "docs", "screenshots", "sharing.png") });
        await bobsRow.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await annsPage.GetByRole(AriaRole.Button, new() { Name = "Yes, remove" }).ClickAsync();
        await Expect(bobsRow).ToHaveCountAsync(0);

        // Bob's next look at the profile finds it gone: his browser falls back to his own profile.
        await bobsPage.GotoAsync("/profiles");
        await Expect(switcher.Locator("option", new() { HasText = "Ann" })).ToHaveCountAsync(0);
        await Expect(switcher.Locator("option")).ToHaveTextAsync(new Regex("^Bob$"));
        await Expect(bobsPage.GetByRole(AriaRole.Region, new() { Name = "Members of Bob" })).ToBeVisibleAsync();
        await annsPage.Context.CloseAsync();
        await bobsPage.Context.CloseAsync();
    }
}
