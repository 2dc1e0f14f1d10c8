using System.Text.Json;
using Budget.Api.Budgets;
using Budget.Api.Sankey;
using Budget.Api.Schedules;

namespace Budget.Api.Exports;

/// <summary>
/// A whole account in one JSON file (format <c>budget-account-export</c>, version 1; docs/account-export-format.md):
/// every profile the user owns with everything in it. Amounts are exact decimals in major units of
/// <c>currency</c>; <c>createdAt</c> values are UTC. The <c>id</c>s are the file's own (1, 2, 3 in each profile), so two
/// exports of the same data are equal; <c>fromNodeId</c>/<c>toNodeId</c> refer to them. Database ids, row versions
/// and Idempotency-Keys are not part of it.
/// </summary>
public sealed record AccountBackup(string Format, int Version, DateTime ExportedAt, string Currency, BackupProfile[] Profiles)
{
    public const string FormatName = "budget-account-export";

    /// <summary>Raise it when the format changes; a restore refuses files newer than it knows.</summary>
    public const int CurrentVersion = 1;
}

/// <summary>One profile; <c>isOwner</c> marks the account's own profile (at most one in a file).</summary>
public sealed record BackupProfile(
    string Name,
    string AvatarColor,
    bool IsOwner,
    DateTime CreatedAt,
    BackupNode[] Nodes,
    BackupFlow[] Flows,
    BackupBudget[] Budgets,
    BackupGoal[] Goals);

public sealed record BackupNode(
    long Id,
    NodeType Type,
    string Label,
    string? Institution,
    decimal Amount,
    decimal Balance,
    decimal? Apy,
    JsonElement? Metadata,
    DateTime CreatedAt);

/// <summary><c>fromNodeId</c> and <c>toNodeId</c> are the <c>id</c>s of nodes of the same profile in this file.</summary>
public sealed record BackupFlow(long Id, long FromNodeId, long ToNodeId, decimal Amount, string? Label, DateTime CreatedAt);

/// <summary>
/// <c>alertThresholds</c> (percent of the budget) may be left out: the defaults then apply. <c>schedules</c> are the
/// budget's recurring transactions.
/// </summary>
public sealed record BackupBudget(
    long Id, string Name, decimal Budgeted, BudgetPeriod Period, DateTime CreatedAt, BackupTransaction[] Transactions,
    int[]? AlertThresholds = null, BackupSchedule[]? Schedules = null);

/// <summary>A transaction a schedule made names it (<c>scheduleId</c>, the file's id in this budget) and its occurrence (<c>scheduledFor</c>).</summary>
public sealed record BackupTransaction(decimal Amount, DateOnly Date, string? Note, DateTime CreatedAt, long? ScheduleId = null, DateOnly? ScheduledFor = null);

/// <summary>
/// A recurring transaction, with the fields of its route; <c>handledThrough</c> is the last day already dealt with,
/// so a restore neither creates again what the backup holds nor skips what is still due.
/// </summary>
public sealed record BackupSchedule(
    long Id,
    decimal Amount,
    Frequency Frequency,
    DateOnly StartDate,
    int Interval,
    Weekday? Weekday,
    int? DayOfMonth,
    int? Month,
    DateOnly? EndDate,
    string? Note,
    DateOnly HandledThrough,
    DateTime CreatedAt);

/// <summary>
/// <c>startingAmount</c> is what was saved when the goal was set (its pace is measured from there); <c>nodeId</c>, when
/// set, is the file's <c>id</c> of the savings or investment node of the same profile the goal follows.
/// </summary>
public sealed record BackupGoal(
    long Id,
    string Name,
    decimal Target,
    decimal Current,
    decimal StartingAmount,
    DateOnly? Deadline,
    int Priority,
    DateTime CreatedAt,
    long? NodeId = null);

/// <summary>
/// The largest files this server takes, which follow its memory (<see cref="Common.Limits"/>): the web app checks a chosen file
/// against them before sending it, because a browser cut off mid-upload shows a network error, not the server's 413.
/// </summary>
public sealed record UploadLimits(int BackupBytes, int ImportFileBytes);

/// <summary>What a restore created: the profiles (new ids) and how many rows of each kind.</summary>
public sealed record RestoreResponse(RestoreProfile[] Profiles, int Nodes, int Flows, int Budgets, int Transactions, int Goals);

/// <summary><c>intoOwnProfile</c>: the backup's own profile went into this account's own profile, which was empty.</summary>
public sealed record RestoreProfile(long Id, string Name, bool IntoOwnProfile);
