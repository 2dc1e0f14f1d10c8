using Budget.Api.Forecast;
using Xunit;

namespace Budget.Tests.Unit;

public class SpendingForecasterTests
{
    // A household spending about 2,500.00 a month, drifting up 12.00 a month, with December and summer-holiday
    // peaks and a lean January; position 0 of the history is a January.
    private const double Level = 250_000;
    private const double Slope = 1_200;
    private static readonly double[] Season =
        [-30_000, -12_000, -5_000, 0, 4_000, 10_000, 35_000, 30_000, -8_000, -6_000, 2_000, 60_000];

    /// <summary>True (noise-free) spending in month t, and a noisy observation of it.</summary>
    private static double Truth(int t, bool seasonal) => Level + Slope * t + (seasonal ? Season[t % 12] : 0);

    private static long Observe(int t, bool seasonal, double noiseSd, Random random) =>
        (long)Math.Round(Truth(t, seasonal) + noiseSd * Gaussian(random));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A noisy history of <paramref name="months"/> months followed by the next <paramref name="horizon"/>
    /// observed months, drawn from the same process.</summary>
    private static (long[] History, long[] Future) Simulate(int seed, int months, int horizon, bool seasonal, double noiseSd)
    {
        var random = new Random(seed);
        var history = new long[months];
        var future = new long[horizon];
        for (int t = 0; t < months; t++) history[t] = Observe(t, seasonal, noiseSd, random);
        for (int h = 0; h < horizon; h++) future[h] = Observe(months + h, seasonal, noiseSd, random);
        return (history, future);
    }

    private static void AssertWellFormed(SpendingForecast forecast, int horizon)
    {
        Assert.True(forecast.HasEnoughHistory);
        Assert.Equal(horizon, forecast.Points.Count);
        foreach (var point in forecast.Points)
        {
            Assert.True(point.Low >= 0, $"negative low: {point}");
            Assert.True(point.Low <= point.Expected && point.Expected <= point.High, $"out of order: {point}");
        }
    }

    [Fact]
    public void Beats_same_as_last_month_on_seasonal_trending_history()
    {
        const int months = 36, horizon = 12, seeds = 50;
        const double noiseSd = 12_000;
        double forecasterError = 0, naiveError = 0;
        for (int seed = 0; seed < seeds; seed++)
        {
            var (history, future) = Simulate(seed, months, horizon, seasonal: true, noiseSd);
            var forecast = SpendingForecaster.Forecast(history, horizon);
            for (int h = 0; h < horizon; h++)
            {
                forecasterError += Math.Abs(forecast.Points[h].Expected - future[h]);
                naiveError += Math.Abs(history[^1] - future[h]);
            }
        }
        forecasterError /= seeds * horizon;
        naiveError /= seeds * horizon;
        string numbers = $"forecaster MAE {forecasterError:F0}, naive (last month) MAE {naiveError:F0} (minor units)";

        Assert.True(forecasterError < naiveError / 2, numbers);
        // No method can beat the month's own noise (mean |noise| = σ·√(2/π) ≈ 9,575). A correct seasonal fit gets
        // close to that; a straight line that ignores the seasons would be about twice as far off.
        Assert.True(forecasterError < 1.3 * noiseSd * Math.Sqrt(2 / Math.PI), numbers);
    }

    [Theory]
    [InlineData(SpendingForecaster.MinimumMonthsForTrend, false)]
    [InlineData(SpendingForecaster.MinimumMonthsForSeasonality, true)]
    [InlineData(36, true)]
    public void About_80_percent_of_actual_months_fall_inside_the_band(int months, bool seasonal)
    {
        const int horizon = 12, seeds = 400;
        int inside = 0;
        for (int seed = 0; seed < seeds; seed++)
        {
            var (history, future) = Simulate(1_000 + seed, months, horizon, seasonal, noiseSd: 20_000);
            var forecast = SpendingForecaster.Forecast(history, horizon);
            for (int h = 0; h < horizon; h++)
            {
                if (forecast.Points[h].Low <= future[h] && future[h] <= forecast.Points[h].High) inside++;
            }
        }
        double coverage = (double)inside / (seeds * horizon);

        Assert.True(coverage is > 0.75 and < 0.85, $"coverage {coverage:P1} over {months}-month histories");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SpendingForecaster.MinimumMonthsForTrend - 1)]
    public void Too_little_history_gives_no_numbers(int months)
    {
        var history = Enumerable.Range(0, months).Select(t => 100_000L + 1_000 * t).ToArray();

        var forecast = SpendingForecaster.Forecast(history, 6);

        Assert.Equal(ForecastMethod.InsufficientHistory, forecast.Method);
        Assert.False(forecast.HasEnoughHistory);
        Assert.Empty(forecast.Points);
    }

    [Fact]
    public void Exactly_the_minimum_history_gives_a_forecast()
    {
        var (history, _) = Simulate(7, SpendingForecaster.MinimumMonthsForTrend, 1, seasonal: false, noiseSd: 5_000);

        var forecast = SpendingForecaster.Forecast(history, 6);

        Assert.Equal(ForecastMethod.Trend, forecast.Method);
        AssertWellFormed(forecast, 6);
    }

    [Theory]
    [InlineData(SpendingForecaster.MinimumMonthsForTrend, 100_000L, 2_500L)]
    [InlineData(SpendingForecaster.MinimumMonthsForSeasonality, 100_000L, 2_500L)]
    [InlineData(60, 400_000L, -3_000L)]
    [InlineData(36, 90_000_000_000_000L, 100_000_000_000L)] // values near the 1e14 ceiling
    public void A_straight_line_is_extended_exactly(int months, long start, long slope)
    {
        var history = Enumerable.Range(0, months).Select(t => start + slope * t).ToArray();

        var forecast = SpendingForecaster.Forecast(history, 24);

        AssertWellFormed(forecast, 24);
        for (int h = 0; h < 24; h++)
        {
            long expected = start + slope * (months + h);
            var point = forecast.Points[h];
            Assert.InRange(point.Expected, expected - 1, expected + 1);
            Assert.InRange(point.Low, expected - 1, expected + 1);
            Assert.InRange(point.High, expected - 1, expected + 1);
        }
    }

    [Theory]
    [InlineData(SpendingForecaster.MinimumMonthsForTrend, 123_456L)]
    [InlineData(40, 123_456L)]
    [InlineData(40, 100_000_000_000_000L)]
    [InlineData(30, 0L)]
    public void A_flat_history_forecasts_flat_with_no_spread(int months, long amount)
    {
        var history = Enumerable.Repeat(amount, months).ToArray();

        var forecast = SpendingForecaster.Forecast(history, 24);

        AssertWellFormed(forecast, 24);
        Assert.All(forecast.Points, point => Assert.Equal(new ForecastPoint(amount, amount, amount), point));
    }

    [Fact]
    public void The_band_widens_further_out()
    {
        var (history, _) = Simulate(3, 18, 1, seasonal: false, noiseSd: 15_000);

        var points = SpendingForecaster.Forecast(history, 24).Points;

        for (int h = 1; h < points.Count; h++)
        {
            Assert.True(Width(points[h]) >= Width(points[h - 1]), $"band at month {h + 1} narrower than at month {h}");
        }
        Assert.True(Width(points[^1]) > Width(points[0]));
    }

    [Fact]
    public void With_seasonality_the_band_is_wider_for_the_same_month_a_year_later()
    {
        // Month to month the width also depends on how often that calendar month was seen (30 months: some
        // three times, some twice), so only the same calendar month is comparable.
        var (history, _) = Simulate(3, 30, 1, seasonal: true, noiseSd: 15_000);

        var points = SpendingForecaster.Forecast(history, 24).Points;

        for (int h = 0; h < 12; h++)
        {
            Assert.True(Width(points[h + 12]) > Width(points[h]), $"month {h + 13} band not wider than month {h + 1}");
        }
    }

    private static long Width(ForecastPoint point) => point.High - point.Low;

    [Fact]
    public void Falling_spending_is_never_forecast_below_zero()
    {
        var history = Enumerable.Range(0, 18).Select(t => 200_000L - 11_000 * t).ToArray();

        var forecast = SpendingForecaster.Forecast(history, 24);

        AssertWellFormed(forecast, 24);
        Assert.Equal(new ForecastPoint(0, 0, 0), forecast.Points[^1]);
    }

    [Fact]
    public void Any_history_gives_ordered_non_negative_points_one_per_month()
    {
        var random = new Random(42);
        for (int run = 0; run < 300; run++)
        {
            int months = random.Next(SpendingForecaster.MinimumMonthsForTrend, 121);
            int horizon = random.Next(1, 25);
            long scale = run % 3 == 0 ? 100_000_000_000_000L : random.NextInt64(1, 1_000_000);
            // Mostly small months with the odd huge one (a car, a roof): the awkward case for a least-squares fit.
            var history = Enumerable.Range(0, months)
                .Select(_ => random.NextDouble() < 0.1 ? scale : random.NextInt64(0, scale / 20 + 1))
                .ToArray();

            AssertWellFormed(SpendingForecaster.Forecast(history, horizon), horizon);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(25)]
    public void Horizon_outside_1_to_24_is_rejected(int horizon)
    {
        var history = Enumerable.Repeat(50_000L, 36).ToArray();

        Assert.Throws<ArgumentOutOfRangeException>(() => SpendingForecaster.Forecast(history, horizon));
    }

    [Theory]
    [InlineData(SpendingForecaster.MinimumMonthsForTrend, ForecastMethod.Trend)]
    [InlineData(SpendingForecaster.MinimumMonthsForSeasonality - 1, ForecastMethod.Trend)]
    [InlineData(SpendingForecaster.MinimumMonthsForSeasonality, ForecastMethod.TrendAndSeasonality)]
    [InlineData(120, ForecastMethod.TrendAndSeasonality)]
    public void Seasonality_is_used_once_there_is_enough_history(int months, ForecastMethod method)
    {
        var (history, _) = Simulate(11, months, 1, seasonal: true, noiseSd: 10_000);

        Assert.Equal(method, SpendingForecaster.Forecast(history, 12).Method);
    }

    [Fact]
    public void With_enough_history_the_december_peak_is_forecast()
    {
        const int months = SpendingForecaster.MinimumMonthsForSeasonality;
        var history = Enumerable.Range(0, months).Select(t => (long)Truth(t, seasonal: true)).ToArray();

        var seasonal = SpendingForecaster.Forecast(history, 12);
        var trendOnly = SpendingForecaster.Forecast(history[1..], 12);

        // Noise-free trend + seasonality is reproduced to the minor unit, December (index 11) included.
        for (int h = 0; h < 12; h++)
        {
            Assert.InRange(seasonal.Points[h].Expected, (long)Truth(months + h, true) - 1, (long)Truth(months + h, true) + 1);
        }
        // One month short, the straight line cannot see December coming and hedges with a wide band instead.
        Assert.Equal(ForecastMethod.Trend, trendOnly.Method);
        var december = trendOnly.Points[11];
        Assert.True(december.Expected < Truth(35, true) - 30_000, $"trend-only December {december}");
        Assert.True(december.High - december.Low > 20_000, $"trend-only December {december}");
    }
}
