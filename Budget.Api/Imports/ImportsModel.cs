using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Imports;

public static class ImportsModel
{
    public static void ConfigureImports(this ModelBuilder model)
    {
        model.Entity<BankImport>(import =>
        {
            import.ToTable("imports");
            import.HasIndex(i => new { i.ProfileId, i.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
            import.Property(i => i.IdempotencyKey).HasMaxLength(IdempotencyKeys.MaxLength);
            import.Property(i => i.FileName).HasMaxLength(Limits.FileNameLength);
            import.Property(i => i.Format).HasConversion<string>();
            import.HasIndex(i => i.ProfileId);
            import.HasOne<Profile>().WithMany().HasForeignKey(i => i.ProfileId).OnDelete(DeleteBehavior.Cascade);
            import.HasOne<SpendingBudget>().WithMany().HasForeignKey(i => i.BudgetId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<ImportedTransaction>(imported =>
        {
            imported.ToTable("imported_transactions");
            // The rule that keeps a re-import from adding a bank row twice, whatever two requests do at once.
            imported.HasIndex(i => new { i.ProfileId, i.Key }).IsUnique();
            imported.Property(i => i.Key).HasMaxLength(200);
            imported.HasIndex(i => i.TransactionId);
            imported.HasIndex(i => i.ImportId);
            imported.HasOne<Profile>().WithMany().HasForeignKey(i => i.ProfileId).OnDelete(DeleteBehavior.Cascade);
            imported.HasOne(i => i.Transaction).WithMany().HasForeignKey(i => i.TransactionId).OnDelete(DeleteBehavior.Cascade);
            imported.HasOne(i => i.Import).WithMany().HasForeignKey(i => i.ImportId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<ImportMapping>(mapping =>
        {
            mapping.ToTable("import_mappings");
            mapping.HasIndex(m => new { m.ProfileId, m.Fingerprint }).IsUnique();
            mapping.Property(m => m.Fingerprint).HasMaxLength(64);
            mapping.Property(m => m.BankName).HasMaxLength(Limits.NameLength);
            mapping.Property(m => m.Delimiter).HasMaxLength(1);
            mapping.Property(m => m.DecimalSeparator).HasMaxLength(1);
            mapping.Property(m => m.DateFormat).HasMaxLength(20);
            mapping.HasOne<Profile>().WithMany().HasForeignKey(m => m.ProfileId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
