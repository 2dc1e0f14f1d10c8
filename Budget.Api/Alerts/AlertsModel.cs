using Budget.Api.Auth;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Goals;
using Budget.Api.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Alerts;

/// <summary>The alert tables, kept beside the feature; <see cref="Data.BudgetDbContext"/> calls this.</summary>
public static class AlertsModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Alert>(alert =>
        {
            alert.ToTable("alerts");
            alert.Property(a => a.Kind).HasConversion<string>();
            // Once per threshold per budget period, and once per goal deadline: enforced here, not only in code.
            alert.HasIndex(a => new { a.BudgetId, a.PeriodStart, a.Threshold }).IsUnique().HasFilter("budget_id IS NOT NULL");
            alert.HasIndex(a => new { a.GoalId, a.GoalDeadline }).IsUnique().HasFilter("goal_id IS NOT NULL");
            alert.HasIndex(a => new { a.ProfileId, a.CreatedAt });
            alert.HasOne<Profile>().WithMany().HasForeignKey(a => a.ProfileId).OnDelete(DeleteBehavior.Cascade);
            alert.HasOne<SpendingBudget>().WithMany().HasForeignKey(a => a.BudgetId).OnDelete(DeleteBehavior.Cascade);
            alert.HasOne<Goal>().WithMany().HasForeignKey(a => a.GoalId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<AlertRead>(read =>
        {
            read.ToTable("alert_reads");
            // One row per alert and reader, so marking read twice (two tabs) cannot count twice.
            read.HasKey(r => new { r.AlertId, r.UserId });
            read.HasIndex(r => r.UserId);
            read.HasOne<Alert>().WithMany().HasForeignKey(r => r.AlertId).OnDelete(DeleteBehavior.Cascade);
            read.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<NotificationChannel>(channel =>
        {
            channel.ToTable("notification_channels");
            channel.Property(c => c.Kind).HasConversion<string>();
            channel.HasIndex(c => c.UserId);
            channel.HasIndex(c => new { c.UserId, c.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            channel.Property(c => c.IdempotencyKey).HasMaxLength(IdempotencyKeys.MaxLength);
            channel.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<NotificationDelivery>(delivery =>
        {
            delivery.ToTable("notification_deliveries");
            delivery.Property(d => d.Status).HasConversion<string>();
            // The worker's question: what is pending and due first.
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.HasIndex(d => d.ChannelId);
            delivery.HasIndex(d => d.AlertId);
            delivery.HasOne<NotificationChannel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
            delivery.HasOne<Alert>().WithMany().HasForeignKey(d => d.AlertId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
