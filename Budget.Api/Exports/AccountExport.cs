using System.Buffers;
using System.Text.Json;
using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Exports;

/// <summary>
/// Writes <see cref="AccountBackup"/> straight to the response, one row at a time from one read snapshot: memory
/// stays flat however many transactions there are. To export a new profile-scoped table, add a record to
/// AccountBackup.cs, write it here, restore it in <see cref="AccountRestore"/> and give RichHousehold (tests) a row.
/// </summary>
public static class AccountExport
{
    private const int FlushBytes = 32 * 1024;

    public static async Task WriteAsync(Stream output, BudgetDbContext db, long userId, Currency currency, DateTime exportedAt, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);
        // The writer fills a buffer that is copied to the response asynchronously (the response refuses synchronous writes).
        var buffer = new ArrayBufferWriter<byte>(FlushBytes * 2);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteString("format", AccountBackup.FormatName);
        json.WriteNumber("version", AccountBackup.CurrentVersion);
        json.WriteString("exportedAt", exportedAt);
        json.WriteString("currency", currency.Code);
        json.WriteStartArray("profiles");
        // Only the user's own profiles: what others share with them is theirs to export.
        var profiles = await db.Profiles.AsNoTracking().Where(p => p.UserId == userId)
            .OrderByDescending(p => p.IsOwner).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        foreach (var profile in profiles)
        {
            json.WriteStartObject();
            json.WriteString("name", profile.Name);
            json.WriteString("avatarColor", profile.AvatarColor);
            json.WriteBoolean("isOwner", profile.IsOwner);
            json.WriteString("createdAt", profile.CreatedAt);
            await WriteProfileContentsAsync(json, buffer, output, db, profile.Id, currency, cancellationToken);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await FlushAsync(json, buffer, output, cancellationToken);
    }

    private static async Task WriteProfileContentsAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, BudgetDbContext db, long profileId, Currency currency, CancellationToken cancellationToken)
    {
        // Nodes, flows, budgets and goals are bounded per profile (Limits); transactions are not, so they stream.
        var nodes = await db.Nodes.AsNoTracking().Where(n => n.ProfileId == profileId).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        var nodeIds = new Dictionary<long, long>();
        json.WriteStartArray("nodes");
        foreach (var node in nodes)
        {
            nodeIds[node.Id] = nodeIds.Count + 1;
            JsonSerializer.Serialize(json, new BackupNode(
                nodeIds[node.Id], node.Type, node.Label, node.Institution, Money.ToMajor(node.Amount, currency), Money.ToMajor(node.Balance, currency),
                node.Apy, node.Metadata is null ? null : JsonDocument.Parse(node.Metadata).RootElement, node.CreatedAt), AppJsonContext.Default.BackupNode);
        }
        json.WriteEndArray();

        var flows = await db.Flows.AsNoTracking().Where(f => f.ProfileId == profileId).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        json.WriteStartArray("flows");
        var flowNumber = 0;
        foreach (var flow in flows)
        {
            JsonSerializer.Serialize(json, new BackupFlow(
                ++flowNumber, nodeIds[flow.FromNodeId], nodeIds[flow.ToNodeId], Money.ToMajor(flow.Amount, currency), flow.Label, flow.CreatedAt), AppJsonContext.Default.BackupFlow);
        }
        json.WriteEndArray();
        await FlushIfFullAsync(json, buffer, output, cancellationToken);

        var budgets = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId).OrderBy(b => b.Id).ToListAsync(cancellationToken);
        json.WriteStartArray("budgets");
        var budgetNumber = 0;
        foreach (var budget in budgets)
        {
            json.WriteStartObject();
            json.WriteNumber("id", ++budgetNumber);
            json.WriteString("name", budget.Name);
            json.WriteNumber("budgeted", Money.ToMajor(budget.Budgeted, currency));
            json.WriteString("period", JsonNamingPolicy.CamelCase.ConvertName(budget.Period.ToString()));
            json.WriteString("createdAt", budget.CreatedAt);
            json.WriteStartArray("alertThresholds");
            foreach (var threshold in budget.AlertThresholds)
            {
                json.WriteNumberValue(threshold);
            }
            json.WriteEndArray();
            var schedules = await db.Schedules.AsNoTracking().Where(s => s.BudgetId == budget.Id).OrderBy(s => s.Id).ToListAsync(cancellationToken);
            var scheduleIds = new Dictionary<long, long>();
            json.WriteStartArray("schedules");
            foreach (var schedule in schedules)
            {
                scheduleIds[schedule.Id] = scheduleIds.Count + 1;
                JsonSerializer.Serialize(json, new BackupSchedule(
                    scheduleIds[schedule.Id], Money.ToMajor(schedule.Amount, currency), schedule.Frequency, schedule.StartDate, schedule.Interval,
                    schedule.Weekday, schedule.DayOfMonth, schedule.Month, schedule.EndDate, schedule.Note, schedule.HandledThrough, schedule.CreatedAt),
                    AppJsonContext.Default.BackupSchedule);
            }
            json.WriteEndArray();
            json.WriteStartArray("transactions");
            var transactions = db.Transactions.AsNoTracking().Where(t => t.BudgetId == budget.Id).OrderBy(t => t.Date).ThenBy(t => t.Id).AsAsyncEnumerable();
            await foreach (var transaction in transactions.WithCancellation(cancellationToken))
            {
                JsonSerializer.Serialize(json, new BackupTransaction(
                    Money.ToMajor(transaction.Amount, currency), transaction.Date, transaction.Note, transaction.CreatedAt,
                    transaction.ScheduleId is { } scheduleId ? scheduleIds[scheduleId] : null, transaction.ScheduledFor), AppJsonContext.Default.BackupTransaction);
                await FlushIfFullAsync(json, buffer, output, cancellationToken);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();

        var goals = await db.Goals.AsNoTracking().Where(g => g.ProfileId == profileId).OrderBy(g => g.Id).ToListAsync(cancellationToken);
        json.WriteStartArray("goals");
        var goalNumber = 0;
        foreach (var goal in goals)
        {
            JsonSerializer.Serialize(json, new BackupGoal(
                ++goalNumber, goal.Name, Money.ToMajor(goal.Target, currency), Money.ToMajor(goal.Current, currency), Money.ToMajor(goal.StartingAmount, currency),
                goal.Deadline, goal.Priority, goal.CreatedAt, goal.NodeId is { } nodeId ? nodeIds[nodeId] : null), AppJsonContext.Default.BackupGoal);
        }
        json.WriteEndArray();
        await FlushIfFullAsync(json, buffer, output, cancellationToken);
    }

    private static async Task FlushIfFullAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken cancellationToken)
    {
        if (json.BytesPending + buffer.WrittenCount > FlushBytes)
        {
            await FlushAsync(json, buffer, output, cancellationToken);
        }
    }

    private static async Task FlushAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream output, CancellationToken cancellationToken)
    {
        json.Flush();
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }
}
