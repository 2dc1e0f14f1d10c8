using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>A session that ends underneath the user: back to sign-in, then back to where they were with what they typed.</summary>
[Collection(WebAppCollection.Name)]
public sealed class SessionEndTests(WebAppServer server)
{
    private const string NewPassword = "a brand new long passphrase";

    [Fact]
    public async Task A_session_revoked_mid_entry_returns_to_sign_in_with_the_email_and_then_to_the_same_screen_with_the_entry_still_typed()
    {
        using var household = await Household.RegisterAsync(server, "Noa");
        var budget = await household.CreateAsync("budgets", new { name = "School", budgeted = 200, period = "monthly" });
        var page = await server.NewPageAsync(360, 780);
        await household.SignInAsync(page);
        await page.GotoAsync($"/budgets/{budget}");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("42.50");
        await page.GetByLabel("Note").FillAsync("school trip");

        // Elsewhere (another device), the password changes: every other session, this browser's too, ends at once.
        var changed = await household.Api.PutAsJsonAsync("/api/auth/password", new { currentPassword = Household.Password, newPassword = NewPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add transaction" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Your session ended. Sign in again to carry on.")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/signin\\?next=%2Fbudgets%2F{budget}$"));
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(household.Email);
        await Expect(page.GetByLabel("Password")).ToBeEmptyAsync();

        await page.GetByLabel("Password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "School" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/budgets/{budget}$"));
        await Expect(page.GetByLabel("Amount", new() { Exact = true })).ToHaveValueAsync("42.50");
        await Expect(page.GetByLabel("Note")).ToHaveValueAsync("school trip");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add transaction" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "school trip" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Note")).ToBeEmptyAsync();

        // Signing out on purpose (on a phone, from the Account screen) forgets drafts and starts the next sign-in on the dashboard.
        await page.GetByLabel("Note").FillAsync("half typed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out of Budget" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await page.GetByLabel("Password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Noa's money" })).ToBeVisibleAsync();
        await page.GotoAsync($"/budgets/{budget}");
        await Expect(page.GetByLabel("Note")).ToBeEmptyAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_box_being_edited_when_the_session_ends_reopens_with_the_changes_typed_so_far()
    {
        using var household = await Household.RegisterAsync(server, "Eli");
        var rent = await household.CreateAsync("nodes", new { type = "expense", label = "Rent", amount = 900 });
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Money map", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Rent" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Rent and service charge");
        await page.GetByLabel("Monthly amount").FillAsync("975.25");

        var changed = await household.Api.PutAsJsonAsync("/api/auth/password", new { currentPassword = Household.Password, newPassword = NewPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save box" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/signin\\?next=%2Fmap%3Fedit%3Dnode-{rent}$"));
        await page.GetByLabel("Password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Rent" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Rent and service charge");
        await Expect(page.GetByLabel("Monthly amount")).ToHaveValueAsync("975.25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save box" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Rent and service charge", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "$975.25" })).ToBeVisibleAsync();

        // Saved, the draft is gone: editing again starts from what is stored.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Rent and service charge" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Something else");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Rent and service charge" }).ClickAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Rent and service charge");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_refresh_cookie_that_is_gone_sends_a_reload_to_sign_in_and_back_to_the_screen()
    {
        using var household = await Household.RegisterAsync(server, "Ola");
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Goals" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Goals" })).ToBeVisibleAsync();

        await page.Context.ClearCookiesAsync();
        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?next=%2Fgoals$"));
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(household.Email);
        await page.GetByLabel("Password").FillAsync(Household.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Goals" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/goals$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_tabs_renewing_at_the_same_moment_take_turns_so_neither_looks_like_a_stolen_refresh_token()
    {
        using var household = await Household.RegisterAsync(server, "Uma");
        var first = await server.NewPageAsync();
        await household.SignInAsync(first);
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/goals");
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Goals" })).ToBeVisibleAsync();

        // Both tabs start without an access token and renew from the one shared cookie at once, three times over.
        // The refresh token rotates on every use; presenting a used one again would end the session for both.
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(first.ReloadAsync(), second.ReloadAsync());
            await Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Uma's money" })).ToBeVisibleAsync();
            await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Goals" })).ToBeVisibleAsync();
        }
        await Expect(first.GetByText("Your session ended")).ToHaveCountAsync(0);
        await first.Context.CloseAsync();
    }

    [Fact]
    public async Task A_next_address_pointing_at_another_site_lands_on_the_dashboard()
    {
        using var household = await Household.RegisterAsync(server, "Pia");
        var page = await server.NewPageAsync();
        await page.GotoAsync("/signin?next=%2F%2Fevil.example%2F");
        await page.GetByLabel("Email").FillAsync(household.Email);
        await page.GetByLabel("Password").FillAsync(Household.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pia's money" })).ToBeVisibleAsync();
        Assert.Equal(server.BaseAddress.Authority, new Uri(page.Url).Authority);
        await page.Context.CloseAsync();
    }
}
