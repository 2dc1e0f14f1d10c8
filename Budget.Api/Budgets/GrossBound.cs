using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Budgets;

/// <summary>
/// The budget gross total stays exact: the sizes of a budget's transactions (a refund counted by its size too) add up
/// to at most the largest amount Budget keeps. Bounding the sum of sizes, not just the net, keeps every subtotal of the
/// budget exact (a period, a month, an export), whatever is deleted later. Every way of adding transactions checks it:
/// the API's create, an import, a schedule, and a restore (which sums the file's rows itself, before any exist).
/// </summary>
public static class GrossBound
{
    public const string Exceeded = "This budget's transactions would add up to more than the largest total Budget keeps.";

    /// <summary>Whether transactions whose sizes add up to <paramref name="adding"/> still fit in the budget.</summary>
    public static async Task<bool> AllowsAsync(BudgetDbContext db, long budgetId, Int128 adding, Currency currency, CancellationToken cancellationToken)
    {
        var soFar = await db.Transactions.Where(t => t.BudgetId == budgetId).SumAsync(t => Math.Abs(t.Amount), cancellationToken);
        return soFar + adding <= Money.MaxMinorUnits(currency);
    }

    /// <summary>The sum of sizes of <paramref name="amounts"/>, in 128 bits so that it cannot wrap.</summary>
    public static Int128 SizeOf(IEnumerable<long> amounts) => amounts.Aggregate(Int128.Zero, (sum, amount) => sum + Math.Abs(amount));
}
