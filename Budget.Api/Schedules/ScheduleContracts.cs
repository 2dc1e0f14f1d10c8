using Budget.Api.Common;

namespace Budget.Api.Schedules;

/// <summary>
/// Every <c>interval</c> weeks, months or years (<c>frequency</c>), from <c>startDate</c> to <c>endDate</c> (inclusive,
/// optional). A weekly schedule names its <c>weekday</c>; a monthly one its <c>dayOfMonth</c> (1 to 31: in a shorter
/// month it falls on the last day); a yearly one its <c>month</c> and <c>dayOfMonth</c> (29 February falls on
/// 28 February in other years). A new schedule may start up to a year back: the occurrences since then are created at
/// once. An edit applies from tomorrow in the household's time zone; what was already created stays. On an update,
/// <c>version</c> is the one last read (409 if the schedule changed since); left out, the update simply wins.
/// </summary>
public sealed record ScheduleRequest(
    decimal Amount,
    Frequency Frequency,
    DateOnly StartDate,
    int Interval = 1,
    Weekday? Weekday = null,
    int? DayOfMonth = null,
    int? Month = null,
    DateOnly? EndDate = null,
    string? Note = null,
    long? Version = null);

/// <summary><c>nextOccurrence</c> is the next day a transaction will be created, or null once the schedule has ended.</summary>
public sealed record ScheduleResponse(
    long Id,
    long BudgetId,
    decimal Amount,
    string? Note,
    Frequency Frequency,
    int Interval,
    Weekday? Weekday,
    int? DayOfMonth,
    int? Month,
    DateOnly StartDate,
    DateOnly? EndDate,
    DateOnly? NextOccurrence,
    DateTime CreatedAt,
    long Version)
{
    public static ScheduleResponse From(Schedule schedule, Currency currency) => new(
        schedule.Id,
        schedule.BudgetId,
        Money.ToMajor(schedule.Amount, currency),
        schedule.Note,
        schedule.Frequency,
        schedule.Interval,
        schedule.Weekday,
        schedule.DayOfMonth,
        schedule.Month,
        schedule.StartDate,
        schedule.EndDate,
        schedule.Rule.NextAfter(schedule.HandledThrough),
        schedule.CreatedAt,
        schedule.Version);
}

/// <summary>A transaction a schedule will create on <c>date</c>.</summary>
public sealed record UpcomingTransaction(long ScheduleId, long BudgetId, string BudgetName, DateOnly Date, decimal Amount, string? Note);
