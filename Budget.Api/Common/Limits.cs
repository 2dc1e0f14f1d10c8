namespace Budget.Api.Common;

/// <summary>
/// How much one household can keep. Generous for a family, and they bound every total: with at most this many
/// rows of at most 10^12 each, no sum can overflow a 64-bit integer, in SQLite or here.
/// </summary>
public static class Limits
{
    public const int RequestBodyBytes = 64 * 1024;
    /// <summary>
    /// A whole-account backup to restore (about 70,000 transactions). It is read whole before anything is written, so
    /// this bounds the memory a restore takes (about twice the file) within the 64 MiB pod.
    /// </summary>
    public const int BackupBytes = 8 * 1024 * 1024;
    public const int ProfilesPerUser = 20;
    public const int NodesPerProfile = 500;
    public const int FlowsPerProfile = 2_000;
    public const int BudgetsPerProfile = 200;
    public const int GoalsPerProfile = 200;
    public const int NameLength = 100;
    public const int NoteLength = 500;
    public const int MetadataLength = 4_096;
}
