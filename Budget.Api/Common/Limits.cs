namespace Budget.Api.Common;

/// <summary>
/// How much one household can keep. Generous for a family, and they bound every total: with at most this many
/// rows of at most 10^12 each, no sum can overflow a 64-bit integer, in SQLite or here.
/// </summary>
public static class Limits
{
    public const int RequestBodyBytes = 64 * 1024;
    /// <summary>
    /// The managed heap this process may fill: the pod's ceiling (<c>System.GC.HeapHardLimit</c>, or the
    /// <c>DOTNET_GCHeapHardLimit</c> an operator sets), else most of the machine's memory.
    /// </summary>
    private static readonly long Heap = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    /// <summary>
    /// A whole-account backup to restore: 12 MiB, about 75,000 transactions. A restore reads the file one element at a
    /// time from a temporary file (<see cref="Exports.AccountRestore"/>), so its memory does not grow with the file;
    /// what bounds it is the pod's /tmp, an emptyDir of 32 MiB (one restore at a time, beside bank uploads).
    /// </summary>
    public const int BackupBytes = 12 << 20;
    public const int ProfilesPerUser = 20;
    public const int NodesPerProfile = 500;
    public const int FlowsPerProfile = 2_000;
    public const int BudgetsPerProfile = 200;
    public const int GoalsPerProfile = 200;
    /// <summary>People who share one profile, its owner included.</summary>
    public const int MembersPerProfile = 20;
    /// <summary>Invitations a profile has out at once; each counts against <see cref="MembersPerProfile"/> too.</summary>
    public const int PendingInvitationsPerProfile = 10;
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
    /// <summary>
    /// A bank export (a busy account's year is a few hundred KiB): at most 1 MiB, and what the heap can parse and save.
    /// Under the pod's 16 MiB heap a 560 KiB file (2,800 rows) imports and a 1 MiB one runs out of heap in its commit
    /// (bench/README.md); the import's commit fills the heap to its ceiling at any size, so the pod keeps less than the
    /// head room it should during one, and the share stays where it was: a 56th of the heap, 292 KiB there.
    /// </summary>
    public static readonly int ImportFileBytes = (int)Math.Min(1 << 20, Heap / 56);
    /// <summary>The import routes' body: the file as a multipart upload and a few small form fields beside it.</summary>
    public static readonly int ImportRequestBytes = ImportFileBytes + 16 * 1024;
    public const int ImportRows = 5_000;
    public const int ImportProblemsShown = 100;
    public const int ImportMappingsPerProfile = 50;
    public const int FileNameLength = 255;
    public const int AlertThresholdsPerBudget = 10;
    public const int NotificationChannelsPerUser = 10;
    public const int UrlLength = 2_000;
    public const int SecretLength = 500;
}
