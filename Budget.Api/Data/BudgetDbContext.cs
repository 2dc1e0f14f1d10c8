using System.Text;
using Budget.Api.Alerts;
using Budget.Api.Auth;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Goals;
using Budget.Api.Imports;
using Budget.Api.Profiles;
using Budget.Api.Sankey;
using Budget.Api.Sharing;
using Budget.Api.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Budget.Api.Data;

public sealed class BudgetDbContext(DbContextOptions<BudgetDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<Profile> Profiles => Set<Profile>();
    public DbSet<Node> Nodes => Set<Node>();
    public DbSet<Flow> Flows => Set<Flow>();
    public DbSet<SpendingBudget> Budgets => Set<SpendingBudget>();
    public DbSet<Transaction> Transactions => Set<Transaction>();
    public DbSet<Goal> Goals => Set<Goal>();
    public DbSet<ProfileMember> ProfileMembers => Set<ProfileMember>();
    public DbSet<ProfileInvitation> ProfileInvitations => Set<ProfileInvitation>();
    public DbSet<BankImport> BankImports => Set<BankImport>();
    public DbSet<ImportedTransaction> ImportedTransactions => Set<ImportedTransaction>();
    public DbSet<ImportMapping> ImportMappings => Set<ImportMapping>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<AlertRead> AlertReads => Set<AlertRead>();
    public DbSet<NotificationChannel> NotificationChannels => Set<NotificationChannel>();
    public DbSet<NotificationDelivery> Deliveries => Set<NotificationDelivery>();
    public DbSet<Schedule> Schedules => Set<Schedule>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasIndex(u => u.Email).IsUnique();
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.Currency).HasMaxLength(3);
            user.HasMany(u => u.Profiles).WithOne(p => p.User).HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Session>(session =>
        {
            session.ToTable("sessions");
            session.HasIndex(s => s.UserId);
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
            session.HasMany(s => s.RefreshTokens).WithOne().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.SessionId);
        });

        model.Entity<Profile>(profile =>
        {
            profile.ToTable("profiles");
            profile.HasIndex(p => p.UserId);
            profile.Property(p => p.Currency).HasMaxLength(3);
        });

        model.Entity<ProfileMember>(member =>
        {
            member.ToTable("profile_members");
            // One membership per person and profile; the index also serves the per-request role lookup.
            member.HasIndex(m => new { m.ProfileId, m.UserId }).IsUnique();
            member.HasIndex(m => m.UserId);
            member.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            member.HasOne(m => m.Profile).WithMany(p => p.Members).HasForeignKey(m => m.ProfileId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<ProfileInvitation>(invitation =>
        {
            invitation.ToTable("profile_invitations");
            invitation.HasIndex(i => new { i.ProfileId, i.Email }).IsUnique();
            invitation.HasIndex(i => i.Email);
            invitation.Property(i => i.Email).HasMaxLength(254);
            invitation.Property(i => i.Role).HasConversion<string>().HasMaxLength(16);
            invitation.HasOne(i => i.Profile).WithMany().HasForeignKey(i => i.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Node>(node =>
        {
            node.ToTable("nodes");
            node.HasIndex(n => new { n.ProfileId, n.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            node.Property(n => n.IdempotencyKey).HasMaxLength(IdempotencyKeys.MaxLength);
            node.HasIndex(n => n.ProfileId);
            node.Property(n => n.Type).HasConversion<string>();
            node.HasOne<Profile>().WithMany().HasForeignKey(n => n.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Flow>(flow =>
        {
            flow.ToTable("flows");
            flow.HasIndex(f => new { f.ProfileId, f.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            flow.Property(f => f.IdempotencyKey).HasMaxLength(IdempotencyKeys.MaxLength);
            flow.HasIndex(f => f.ProfileId);
            flow.HasOne<Profile>().WithMany().HasForeignKey(f => f.ProfileId).OnDelete(DeleteBehavior.Cascade);
            // Deleting a node deletes the flows that touch it: a link cannot dangle.
            flow.HasOne<Node>().WithMany().HasForeignKey(f => f.FromNodeId).OnDelete(DeleteBehavior.Cascade);
            flow.HasOne<Node>().WithMany().HasForeignKey(f => f.ToNodeId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<SpendingBudget>(budget =>
        {
            budget.ToTable("budgets");
            budget.HasIndex(b => b.ProfileId);
            budget.Property(b => b.Period).HasConversion<string>();
            budget.HasOne<Profile>().WithMany().HasForeignKey(b => b.ProfileId).OnDelete(DeleteBehavior.Cascade);
            budget.Property(b => b.AlertThresholds).HasDefaultValueSql("'[80,100]'");
        });

        model.Entity<Transaction>(transaction =>
        {
            transaction.ToTable("transactions");
            // Serves "this budget's transactions, newest first" in its order (date, then id), and covers every sum of
            // amounts by budget and date range (spending, the forecast's months, the gross bound) without reading rows.
            transaction.HasIndex(t => new { t.BudgetId, t.Date, t.Id, t.Amount });
            transaction.HasIndex(t => new { t.BudgetId, t.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            transaction.Property(t => t.IdempotencyKey).HasMaxLength(IdempotencyKeys.MaxLength);
            transaction.HasOne<SpendingBudget>().WithMany().HasForeignKey(t => t.BudgetId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<Goal>(goal =>
        {
            goal.ToTable("goals");
            goal.HasIndex(g => new { g.ProfileId, g.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            goal.Property(g => g.IdempotencyKey).HasMaxLength(IdempotencyKeys.MaxLength);
            goal.HasIndex(g => g.ProfileId);
            goal.HasOne<Profile>().WithMany().HasForeignKey(g => g.ProfileId).OnDelete(DeleteBehavior.Cascade);
            // Deleting the savings node leaves the goal standing, unlinked, with the amount it was last saved with.
            goal.HasOne<Node>().WithMany().HasForeignKey(g => g.NodeId).OnDelete(DeleteBehavior.SetNull);
        });

        model.ConfigureImports();
        AlertsModel.Configure(model);
        Schedule.Configure(model);

        foreach (var entity in model.Model.GetEntityTypes())
        {
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
            {
                // UPDATE ... WHERE version = <the version read>: a change in between makes the save fail, not vanish.
                entity.FindProperty(nameof(IVersioned.Version))!.IsConcurrencyToken = true;
            }
            foreach (var property in entity.GetProperties())
            {
                // The seed's schema names columns in snake_case, as do the tools a household might open the file with.
                property.SetColumnName(ToSnakeCase(property.Name));
                // Timestamps are stored in UTC; SQLite forgets the kind, so it is put back on reading.
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(UtcDateTime);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(NullableUtcDateTime);
                }
            }
        }
    }

    private static readonly ValueConverter<DateTime, DateTime> UtcDateTime =
        new(value => value, value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtcDateTime =
        new(value => value, value => value.HasValue ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : null);

    private static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }
            builder.Append(char.ToLowerInvariant(name[i]));
        }
        return builder.ToString();
    }
}
