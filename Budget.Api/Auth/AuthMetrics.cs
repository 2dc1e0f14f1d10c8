using System.Diagnostics.Metrics;

namespace Budget.Api.Auth;

/// <summary>Counters an operator watches on the dashboard: sign-ins, refreshes, and stolen-token alarms.</summary>
public static class AuthMetrics
{
    public const string MeterName = "Budget.Api";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Logins = Meter.CreateCounter<long>("budget.auth.logins", description: "Sign-in attempts, by outcome");
    public static readonly Counter<long> Refreshes = Meter.CreateCounter<long>("budget.auth.refreshes", description: "Refresh-token exchanges, by outcome");
    public static readonly Counter<long> RefreshReuseDetected = Meter.CreateCounter<long>("budget.auth.refresh_reuse", description: "Rotated refresh tokens presented again");
}
