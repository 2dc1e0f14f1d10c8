using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Budget.Api.Data;
using Budget.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_member_removed_while_the_app_is_open_is_moved_to_their_own_profile_and_told_why()
    {
        using var ann = await Household.RegisterAsync(server, "Ann");
        using var bob = await Household.RegisterAsync(server, "Bob");
        await ann.CreateAsync("budgets", new { name = "Groceries", budgeted = 400, period = "monthly" });
        await TestUser.JoinAsync(ann.Api, ann.ProfileId, bob.Api, bob.Email, "editor");

        // Bob has Ann's profile on screen.
        var page = await server.NewPageAsync();
        await bob.SignInAsync(page);
        var switcher = page.GetByRole(AriaRole.Combobox, new() { Name = "Profile" });
        await switcher.SelectOptionAsync(ann.ProfileId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Link, new() { Name = "Budgets", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Groceries" })).ToBeVisibleAsync();

        // A 404 for something inside a profile he still has (a budget gone meanwhile) is not lost access: the app asks
        // for the profile list again, finds Ann's there, and stays on it without a notice.
        await page.GotoAsync("/budgets/987654321");
        await Expect(page.GetByText("This budget is not here")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(switcher).ToHaveValueAsync(ann.ProfileId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "no longer have access" }).CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Budgets", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Groceries" })).ToBeVisibleAsync();

        // Ann removes him; his app, still open, asks for Ann's goals next and is answered 404.
        var members = await ann.Api.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members");
        var bobsId = members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == bob.Email).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await ann.Api.DeleteAsync($"/api/profiles/{ann.ProfileId}/members/{bobsId}", Ct)).StatusCode);
        await page.GetByRole(AriaRole.Link, new() { Name = "Goals", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "You no longer have access to Ann" })).ToBeVisibleAsync();
        await Expect(switcher).ToHaveValueAsync(bob.ProfileId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(switcher.Locator("option", new() { HasText = "Ann" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Goals" })).ToBeVisibleAsync();
        await Expect(page.Locator(".error")).ToHaveCountAsync(0);
        await Browser.ReviewAsync(page, "sharing-removed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_expired_invitation_shows_as_expired_to_the_admin_who_can_send_it_again()
    {
        using var ann = await Household.RegisterAsync(server, "Ann");
        var carol = $"carol-{Guid.NewGuid():N}@example.com";
        var invited = await ann.Api.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/invitations", new { email = carol, role = "viewer" }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        // Sent fifteen days ago: moving the shared server's clock would end every other test's session.
        using (var scope = server.ApiServices.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BudgetDbContext>();
            var longAgo = server.Today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-15);
            await db.ProfileInvitations.Where(i => i.ProfileId == ann.ProfileId).ExecuteUpdateAsync(set => set.SetProperty(i => i.CreatedAt, longAgo), Ct);
        }

        var page = await server.NewPageAsync();
        await ann.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Region, new() { Name = "Members of Ann" }).GetByRole(AriaRole.Row).Filter(new() { HasText = carol });
        await Expect(row).ToContainTextAsync("expired");
        await Browser.ReviewAsync(page, "sharing-expired-invitation");

        await row.GetByRole(AriaRole.Button, new() { Name = "Invite again" }).ClickAsync();

        await Expect(row).Not.ToContainTextAsync("expired");
        await Expect(row).ToContainTextAsync("until");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Invite again" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
