using System.Text.Json.Serialization;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Schedules;

[JsonConverter(typeof(LowercaseEnumConverter<Frequency>))]
public enum Frequency
{
    Weekly = 1,
    Monthly = 2,
    Yearly = 4,
}

/// <summary>ISO numbering (Monday is 1).</summary>
[JsonConverter(typeof(LowercaseEnumConverter<Weekday>))]
public enum Weekday
{
    Monday = 1,
    Tuesday = 2,
    Wednesday = 3,
    Thursday = 4,
    Friday = 5,
    Saturday = 6,
    Sunday = 7,
}

/// <summary>
/// Money a budget spends again and again ("rent, 950, every month on the 1st"): each occurrence becomes an ordinary
/// transaction on its day, exactly once (see <see cref="RecurringTransactions"/>).
/// </summary>
public sealed class Schedule : IVersioned, IIdempotentRow
{
    public long Id { get; set; }
    public long BudgetId { get; set; }
    /// <summary>Minor units; negative is a recurring refund.</summary>
    public long Amount { get; set; }
    public string? Note { get; set; }
    public Frequency Frequency { get; set; }
    /// <summary>Every <c>Interval</c> weeks, months or years.</summary>
    public int Interval { get; set; } = 1;
    /// <summary>Weekly schedules only.</summary>
    public Weekday? Weekday { get; set; }
    /// <summary>Monthly and yearly schedules: 1 to 31, falling on the month's last day when it is shorter.</summary>
    public int? DayOfMonth { get; set; }
    /// <summary>Yearly schedules only: 1 to 12.</summary>
    public int? Month { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    /// <summary>
    /// Every occurrence up to this day has been dealt with (created, or passed over because the schedule was edited
    /// after it). Deleting a created transaction therefore does not bring it back.
    /// </summary>
    public DateOnly HandledThrough { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Goes up by one on every update (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;
    public string? IdempotencyKey { get; set; }

    public Recurrence Rule => new(Frequency, Interval, Weekday, DayOfMonth, Month, StartDate, EndDate);

    /// <summary>The schedules table and the link from the transactions it creates (called from BudgetDbContext).</summary>
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Schedule>(schedule =>
        {
            schedule.ToTable("schedules");
            schedule.HasIndex(s => s.BudgetId);
            // The background pass looks for schedules with something due.
            schedule.HasIndex(s => s.HandledThrough);
            schedule.HasIndex(s => new { s.BudgetId, s.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            schedule.Property(s => s.IdempotencyKey).HasMaxLength(IdempotencyKeys.MaxLength);
            schedule.Property(s => s.Frequency).HasConversion<string>();
            schedule.Property(s => s.Weekday).HasConversion<string>();
            schedule.HasOne<SpendingBudget>().WithMany().HasForeignKey(s => s.BudgetId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Transaction>(transaction =>
        {
            // Deleting a schedule keeps what it already created, as plain (but still recurring-marked) transactions.
            transaction.HasOne<Schedule>().WithMany().HasForeignKey(t => t.ScheduleId).OnDelete(DeleteBehavior.SetNull);
            // Exactly once, whatever the code does: a second transaction for the same occurrence cannot be stored.
            transaction.HasIndex(t => new { t.ScheduleId, t.ScheduledFor }).IsUnique().HasFilter("schedule_id IS NOT NULL");
        });
    }
}
