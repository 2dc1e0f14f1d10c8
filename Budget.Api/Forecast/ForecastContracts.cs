namespace Budget.Api.Forecast;

/// <summary>
/// Expected spending for each coming month, starting with the current one (history ends with the last complete
/// month), in total and per budget, with an 80% interval (<c>low</c>..<c>high</c>). The method is in
/// docs/decisions/forecast-method.md.
/// <c>message</c> says, in words, when there is too little history to forecast.
/// </summary>
public sealed record ForecastResponse(string Currency, int Months, ForecastSeries Total, ForecastBudget[] Budgets, string? Message);

public sealed record ForecastSeries(ForecastMethod Method, int HistoryMonths, ForecastMonth[] Points);

public sealed record ForecastBudget(long BudgetId, string Name, ForecastMethod Method, int HistoryMonths, ForecastMonth[] Points);

/// <summary><c>month</c> is the first day of the month forecast.</summary>
public sealed record ForecastMonth(DateOnly Month, decimal Expected, decimal Low, decimal High);
