using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Schedules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Forecast;

public static class ForecastApi
{
    public const int DefaultMonths = 6;
    public const int MaxMonths = 24;
    /// <summary>Ten years is more history than the method can use; older months are not read.</summary>
    private const int MaxHistoryMonths = 120;

    public static RouteGroupBuilder MapForecastApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("forecast").WithTags("Forecast");
        group.MapGet("/", Get);
        return group;
    }

    /// <param name="months">How many months ahead, 1 to 24 (default 6).</param>
    /// <param name="date">The caller's today (YYYY-MM-DD): history ends with the month before it. The household's if left out.</param>
    private static async Task<Results<Ok<ForecastResponse>, ValidationProblem>> Get(
        long profileId, string? months, string? date, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var horizon = validator.Range("months", validator.QueryInt("months", months) ?? DefaultMonths, 1, MaxMonths);
        var asOf = Dates.ParseQuery(validator, "date", date) ?? household.Today();
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        // Only complete months count: the current one is still being spent.
        var historyEnd = Dates.FirstOfMonth(asOf);
        var historyStart = historyEnd.AddMonths(-MaxHistoryMonths);
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId).OrderBy(b => b.Name).ThenBy(b => b.Id)
            .Select(b => new { b.Id, b.Name })
            .ToListAsync(cancellationToken);
        // From the profile's budgets into each one's (budget, date) range: only this profile's rows are read.
        var monthly = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId)
            .Join(db.Transactions.Where(t => t.Date >= historyStart && t.Date < historyEnd), b => b.Id, t => t.BudgetId, (b, t) => t)
            .GroupBy(t => new { t.BudgetId, t.Date.Year, t.Date.Month })
            .Select(g => new { g.Key.BudgetId, g.Key.Year, g.Key.Month, Total = g.Sum(t => t.Amount) })
            .ToListAsync(cancellationToken);

        var scheduled = await ScheduledSpending.ByBudgetAndMonthAsync(db, profileId, asOf, historyEnd, horizon, cancellationToken);

        int MonthIndex(int year, int month) => (year - historyStart.Year) * 12 + month - historyStart.Month;
        var monthCount = MonthIndex(historyEnd.Year, historyEnd.Month);
        var totals = new long[monthCount];
        var firstMonthOfTotal = monthCount;
        var perBudget = new Dictionary<long, (long[] Totals, int FirstMonth)>();
        foreach (var row in monthly)
        {
            var index = MonthIndex(row.Year, row.Month);
            totals[index] += row.Total;
            firstMonthOfTotal = Math.Min(firstMonthOfTotal, index);
            if (!perBudget.TryGetValue(row.BudgetId, out var series))
            {
                series = (new long[monthCount], monthCount);
            }
            series.Totals[index] += row.Total;
            perBudget[row.BudgetId] = (series.Totals, Math.Min(series.FirstMonth, index));
        }

        var currency = user.Currency;
        ForecastMonth[] ToMonths(SpendingForecast forecast) => forecast.Points
            .Select((point, i) => new ForecastMonth(
                historyEnd.AddMonths(i),
                Money.ToMajor(point.Expected, currency),
                Money.ToMajor(point.Low, currency),
                Money.ToMajor(point.High, currency)))
            .ToArray();

        ForecastScheduledMonth[] ToScheduled(decimal[]? minorUnits) => Enumerable.Range(0, horizon)
            .Select(i => new ForecastScheduledMonth(historyEnd.AddMonths(i), (minorUnits?[i] ?? 0) / currency.MinorPerMajor))
            .ToArray();
        var scheduledTotal = new decimal[horizon];
        foreach (var perMonth in scheduled.Values)
        {
            for (var i = 0; i < horizon; i++)
            {
                scheduledTotal[i] += perMonth[i];
            }
        }

        // Each series starts with its first month of spending: months before a budget was used are not zeros.
        var totalHistory = totals[firstMonthOfTotal..];
        var totalForecast = SpendingForecaster.Forecast(totalHistory, horizon);
        var budgetForecasts = budgets.Select(b =>
        {
            var history = perBudget.TryGetValue(b.Id, out var series) ? series.Totals[series.FirstMonth..] : [];
            var forecast = SpendingForecaster.Forecast(history, horizon);
            return new ForecastBudget(b.Id, b.Name, forecast.Method, history.Length, ToMonths(forecast), ToScheduled(scheduled.GetValueOrDefault(b.Id)));
        }).ToArray();

        var message = totalForecast.HasEnoughHistory
            ? null
            : $"Budget needs at least {SpendingForecaster.MinimumMonthsForTrend} complete months of spending to forecast; this profile has {totalHistory.Length}.";
        return TypedResults.Ok(new ForecastResponse(
            currency.Code,
            horizon,
            new ForecastSeries(totalForecast.Method, totalHistory.Length, ToMonths(totalForecast), ToScheduled(scheduledTotal)),
            budgetForecasts,
            message,
            scheduledTotal.Sum() / currency.MinorPerMajor));
    }
}
