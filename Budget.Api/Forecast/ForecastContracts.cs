namespace Budget.Api.Forecast;

/// <summary>
/// Expected spending for each coming month, starting with the current one (history ends with the last complete
/// month), in total and per budget, with an 80% interval (<c>low</c>..<c>high</c>). The method is in
/// docs/decisions/forecast-method.md.
/// <c>message</c> says, in words, when there is too little history to forecast. <c>scheduled</c> is known spending:
/// for every month of the horizon, what the schedules will create after today (also without history), and
/// <c>scheduledTotal</c> its sum over the horizon. The forecast's <c>expected</c> comes from history alone.
/// </summary>
public sealed record ForecastResponse(string Currency, int Months, ForecastSeries Total, ForecastBudget[] Budgets, string? Message, decimal ScheduledTotal);

public sealed record ForecastSeries(ForecastMethod Method, int HistoryMonths, ForecastMonth[] Points, ForecastScheduledMonth[] Scheduled);

public sealed record ForecastBudget(long BudgetId, string Name, ForecastMethod Method, int HistoryMonths, ForecastMonth[] Points, ForecastScheduledMonth[] Scheduled);

/// <summary>What schedules will spend in the month starting <c>month</c>.</summary>
public sealed record ForecastScheduledMonth(DateOnly Month, decimal Amount);

/// <summary><c>month</c> is the first day of the month forecast.</summary>
public sealed record ForecastMonth(DateOnly Month, decimal Expected, decimal Low, decimal High);
