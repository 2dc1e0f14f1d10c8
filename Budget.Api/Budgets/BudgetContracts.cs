using Budget.Api.Common;

namespace Budget.Api.Budgets;

/// <summary><c>budgeted</c> is the limit per <c>period</c>. <c>alertThresholds</c>: percents of it (1 to 1000, at most 10) whose reaching raises an alert once per period; left out, 80 and 100 on a create and unchanged on an update; empty, no alerts. On an update, <c>version</c> is the one last read: if the row changed since, the answer is 409 and nothing is saved; left out, the update simply wins.</summary>
public sealed record BudgetRequest(string Name, decimal Budgeted, BudgetPeriod Period, long? Version = null, int[]? AlertThresholds = null);

/// <summary>A budget with what was spent in its current period (<c>periodStart</c> to <c>periodEnd</c>, inclusive).</summary>
public sealed record BudgetResponse(
    long Id,
    string Name,
    decimal Budgeted,
    BudgetPeriod Period,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    decimal Spent,
    decimal Remaining,
    DateTime CreatedAt,
    long Version,
    int[] AlertThresholds)
{
    public static BudgetResponse From(SpendingBudget budget, BudgetSpending.PeriodSpending spending, Currency currency) => new(
        budget.Id,
        budget.Name,
        Money.ToMajor(budget.Budgeted, currency),
        budget.Period,
        spending.Start,
        spending.End,
        Money.ToMajor(spending.Spent, currency),
        Money.ToMajor(budget.Budgeted - spending.Spent, currency),
        budget.CreatedAt,
        budget.Version,
        [.. budget.AlertThresholds]);
}

/// <summary>A negative <c>amount</c> is a refund.</summary>
public sealed record TransactionRequest(decimal Amount, DateOnly Date, string? Note = null);

/// <summary><c>recurring</c>: a schedule created it; <c>scheduleId</c> says which (null once that schedule is deleted).</summary>
public sealed record TransactionResponse(long Id, long BudgetId, decimal Amount, string? Note, DateOnly Date, DateTime CreatedAt, long? ScheduleId, bool Recurring)
{
    public static TransactionResponse From(Transaction transaction, Currency currency) => new(
        transaction.Id,
        transaction.BudgetId,
        Money.ToMajor(transaction.Amount, currency),
        transaction.Note,
        transaction.Date,
        transaction.CreatedAt,
        transaction.ScheduleId,
        transaction.ScheduledFor is not null);
}
