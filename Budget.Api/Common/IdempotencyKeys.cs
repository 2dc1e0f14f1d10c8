using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Common;

/// <summary>A row a money write creates, remembered with the <c>Idempotency-Key</c> that created it.</summary>
public interface IIdempotentRow
{
    string? IdempotencyKey { get; set; }
}

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF draft "The Idempotency-Key HTTP Header Field"): a client that
/// retries a money write with the same key gets the first result instead of a second row.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    /// <summary>The trimmed key, or null when none was sent; a malformed one is recorded as an error.</summary>
    public static string? Parse(Validator validator, string? value)
    {
        if (value is null)
        {
            return null;
        }
        var key = value.Trim().Trim('"');
        if (key.Length is 0 or > MaxLength || key.Any(c => c < 0x21 || c > 0x7E))
        {
            validator.Error(Header, $"Must be 1 to {MaxLength} visible ASCII characters, such as a UUID.");
            return null;
        }
        return key;
    }

    /// <summary>The row an earlier request with <paramref name="key"/> created in <paramref name="scope"/>, or null.</summary>
    public static async Task<T?> EarlierAsync<T>(IQueryable<T> scope, string? key, CancellationToken cancellationToken) where T : class, IIdempotentRow =>
        key is null ? null : await scope.AsNoTracking().SingleOrDefaultAsync(row => row.IdempotencyKey == key, cancellationToken);

    /// <summary>
    /// Saves <paramref name="row"/>, which its caller found no earlier row for (<see cref="EarlierAsync"/>). When the
    /// same retry arrives twice at once, the unique index lets one in and the other answers with that one's row.
    /// </summary>
    public static async Task<T> SaveOnceAsync<T>(BudgetDbContext db, IQueryable<T> scope, T row, CancellationToken cancellationToken) where T : class, IIdempotentRow
    {
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return row;
        }
        catch (DbUpdateException) when (row.IdempotencyKey is not null)
        {
            db.Entry(row).State = EntityState.Detached;
            // The same key won the race in another request; any other failure (a full disk, say) is not ours to answer.
            if (await EarlierAsync(scope, row.IdempotencyKey, cancellationToken) is { } winner)
            {
                return winner;
            }
            throw;
        }
    }

    /// <summary>The same key with a different request: a client bug, never a retry.</summary>
    public static ProblemHttpResult Reused() => Problems.Conflict($"This {Header} was already used for a different request.");
}
