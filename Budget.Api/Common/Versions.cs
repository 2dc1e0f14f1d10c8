using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Common;

/// <summary>A row that two people may edit at once: its version goes up by one on every update.</summary>
public interface IVersioned
{
    long Version { get; set; }
}

/// <summary>
/// Optimistic concurrency. Every editable row has a <c>version</c> (an EF concurrency token, so the UPDATE only matches
/// the version that was read). An update that sends the <c>version</c> it last read is refused with 409 when someone
/// changed the row since, instead of silently undoing their change; an update without one (an older client) is an
/// explicit last write wins.
/// </summary>
public static class Versions
{
    public const string Field = "version";

    public enum Outcome
    {
        Saved,
        Conflict,
        Gone,
    }

    /// <summary>A version only makes sense on an update; a create that sends one is told so.</summary>
    public static ValidationProblem NotOnCreate() => Problems.Invalid(Field, "Only an update takes a version.");

    public static ProblemHttpResult Conflict(long currentVersion) =>
        Problems.Conflict($"Someone else changed this since you read it (it is now at version {currentVersion}). Reload it and make your change again.");

    /// <summary>Saves <paramref name="row"/>'s changes as the next version, if <paramref name="expectedVersion"/> (when given) is still current.</summary>
    public static async Task<Outcome> SaveAsync(BudgetDbContext db, IVersioned row, long? expectedVersion, CancellationToken cancellationToken)
    {
        if (expectedVersion is { } expected && expected != row.Version)
        {
            return Outcome.Conflict;
        }
        var version = db.Entry(row).Property(nameof(IVersioned.Version));
        while (true)
        {
            row.Version = (long)version.OriginalValue! + 1;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return Outcome.Saved;
            }
            catch (DbUpdateConcurrencyException)
            {
                var current = await db.Entry(row).GetDatabaseValuesAsync(cancellationToken);
                if (current is null)
                {
                    return Outcome.Gone;
                }
                var currentVersion = (long)current[nameof(IVersioned.Version)]!;
                if (expectedVersion is not null)
                {
                    row.Version = currentVersion;
                    return Outcome.Conflict;
                }
                // No version sent: this client asked for last write wins, so write over whoever came in between.
                version.OriginalValue = currentVersion;
            }
        }
    }
}
