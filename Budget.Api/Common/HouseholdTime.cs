using Microsoft.Extensions.Options;

namespace Budget.Api.Common;

/// <summary>Configuration section <c>Budget</c>: settings of the household as a whole.</summary>
public sealed class HouseholdOptions
{
    public const string Section = "Budget";

    /// <summary>
    /// The household's IANA time zone (e.g. Europe/Berlin): its midnight starts a new day everywhere in the app (budget
    /// periods, scheduled transactions, goal deadlines, export names). On the Pi it is the AppHost's <c>time-zone</c>
    /// parameter, the one the nightly backup uses too.
    /// </summary>
    public string TimeZone { get; set; } = "Etc/UTC";
}

/// <summary>
/// The household's calendar: what day it is where they live, and when the next one starts. Every calendar "today" is
/// this one, never UTC's; instants (token expiry, created-at stamps) stay UTC.
/// </summary>
public sealed class HouseholdTime(TimeProvider clock, IOptions<HouseholdOptions> options)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateOnly Today() => DayOf(clock.GetUtcNow().UtcDateTime, Zone);

    /// <summary>The household's day at a stored UTC instant (such as a goal's <c>CreatedAt</c>), in <paramref name="zone"/> (<see cref="Zone"/>).</summary>
    public static DateOnly DayOf(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>The instant the household's next day begins (its first valid local time, should a clock change skip midnight).</summary>
    public DateTimeOffset NextDayStarts()
    {
        var tomorrow = Today().AddDays(1).ToDateTime(TimeOnly.MinValue);
        while (Zone.IsInvalidTime(tomorrow))
        {
            tomorrow = tomorrow.AddMinutes(15);
        }
        // An ambiguous local time (a clock going back at midnight) is taken at its first occurrence.
        var offset = Zone.IsAmbiguousTime(tomorrow) ? Zone.GetAmbiguousTimeOffsets(tomorrow).Max() : Zone.GetUtcOffset(tomorrow);
        return new DateTimeOffset(tomorrow, offset);
    }
}

public static class HouseholdTimeSetup
{
    /// <summary>"Today" everywhere (budget periods, dashboard, forecast, goals, alerts, schedules, export names) is <see cref="HouseholdTime.Today"/>.</summary>
    public static IServiceCollection AddHouseholdTime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HouseholdOptions>()
            .Bind(configuration.GetSection(HouseholdOptions.Section))
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.TimeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "Budget:TimeZone must be an IANA time zone such as Europe/Berlin or Etc/UTC.")
            .ValidateOnStart();
        services.AddSingleton<HouseholdTime>();
        return services;
    }
}
