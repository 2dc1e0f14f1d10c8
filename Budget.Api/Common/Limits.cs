namespace Budget.Api.Common;

/// <summary>
/// How much one household can keep. Generous for a family, and they bound every total: with at most this many
/// rows of at most 10^12 each, no sum can overflow a 64-bit integer, in SQLite or here.
/// </summary>
public static class Limits
{
    public const int RequestBodyBytes = 64 * 1024;
    public const int ProfilesPerUser = 20;
    public const int NodesPerProfile = 500;
    public const int FlowsPerProfile = 2_000;
    public const int BudgetsPerProfile = 200;
    public const int GoalsPerProfile = 200;
    public const int SchedulesPerProfile = 200;
    /// <summary>Every 1 to 52 weeks, months or years.</summary>
    public const int ScheduleIntervalMax = 52;
    /// <summary>How far back a new schedule may start: what it creates at once stays a year's worth.</summary>
    public const int ScheduleCatchUpDays = 366;
    /// <summary>How far ahead the upcoming list looks.</summary>
    public const int UpcomingDaysMax = 92;
    public const int NameLength = 100;
    public const int NoteLength = 500;
    public const int MetadataLength = 4_096;
}
