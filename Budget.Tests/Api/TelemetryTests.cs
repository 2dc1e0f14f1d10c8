using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>The figures an operator sees on the dashboard (or any OTLP backend) really move.</summary>
public sealed class TelemetryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_ins_refresh_reuse_and_dashboards_are_measured()
    {
        var measured = new System.Collections.Concurrent.ConcurrentBag<(string Instrument, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Budget.Api")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Add((instrument.Name, Outcome(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measured.Add((instrument.Name, Outcome(tags))));
        listener.Start();

        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();
        await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = "a wrong password, sadly" }, Ct);
        await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct);
        await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct);
        var bob = await TestUser.RegisterAsync(factory);
        await bob.Client.GetJsonAsync($"/api/profiles/{bob.ProfileId}/dashboard");

        Assert.Contains(("budget.auth.logins", "failed"), measured);
        Assert.Contains(("budget.auth.refreshes", "rotated"), measured);
        Assert.Contains(("budget.auth.refreshes", "refused"), measured);
        Assert.Contains(measured, m => m.Instrument == "budget.auth.refresh_reuse");
        Assert.Contains(measured, m => m.Instrument == "budget.dashboard.duration");
    }

    private static string? Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "outcome")
            {
                return tag.Value as string;
            }
        }
        return null;
    }
}
