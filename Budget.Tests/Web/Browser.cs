using System.Text.Json;
using Microsoft.Playwright;

namespace Budget.Tests.Web;

/// <summary>What the browser tests do on every screen: check accessibility with axe-core and keep screenshots.</summary>
public static class Browser
{
    private static readonly string AxeScript = File.ReadAllText(Path.Combine(WebAppServer.WebProject, "node_modules", "axe-core", "axe.min.js"));

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, naming the rule and elements.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeScript });
        var json = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
            }
            """);
        var violations = json.EnumerateArray().Select(v => v.GetString()).ToArray();
        Assert.True(violations.Length == 0, $"{screen}: accessibility violations:\n{string.Join("\n", violations)}");
    }

    /// <summary>Saves the page at phone (360 px) and desktop width as test artifacts.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(WebAppServer.ScreenshotDirectory);
        var original = page.ViewportSize;
        foreach (var (label, width) in new[] { ("phone", 360), ("desktop", 1280) })
        {
            await page.SetViewportSizeAsync(width, label == "phone" ? 780 : 900);
            await page.WaitForTimeoutAsync(150); // the chart re-lays out to the new width
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(WebAppServer.ScreenshotDirectory, $"{name}-{label}.png"),
                FullPage = true,
            });
        }
        if (original is not null) await page.SetViewportSizeAsync(original.Width, original.Height);
    }

    /// <summary>Checks one screen in the light and the dark theme, then photographs it.</summary>
    public static async Task ReviewAsync(IPage page, string name)
    {
        await AssertAccessibleAsync(page, name);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await AssertAccessibleAsync(page, $"{name} (dark)");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await ScreenshotAsync(page, name);
    }
}
