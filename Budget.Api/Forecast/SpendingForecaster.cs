using System.Text.Json.Serialization;
using Budget.Api.Common;

namespace Budget.Api.Forecast;

/// <summary>One forecast month: the expected spending and its 80% prediction interval, in integer minor units.</summary>
public readonly record struct ForecastPoint(long Expected, long Low, long High);

public sealed record SpendingForecast(ForecastMethod Method, IReadOnlyList<ForecastPoint> Points)
{
    public bool HasEnoughHistory => Method != ForecastMethod.InsufficientHistory;
}

[JsonConverter(typeof(LowercaseEnumConverter<ForecastMethod>))]
public enum ForecastMethod { InsufficientHistory, Trend, TrendAndSeasonality }

/// <summary>
/// Forecasts monthly spending by ordinary least squares on a straight-line trend, plus month-of-year effects once
/// there are two years of history. See docs/decisions/forecast-method.md for why this and not Holt-Winters.
/// </summary>
public static class SpendingForecaster
{
    /// <summary>
    /// A full year: every calendar month (holidays, annual bills) is in the fit once, so the slope is not just the
    /// run-up to Christmas, and the seasonal swing it cannot yet model shows up honestly as a wider band.
    /// </summary>
    public const int MinimumMonthsForTrend = 12;

    /// <summary>
    /// Two years: each month-of-year effect is then estimated from at least two observations, and the 13
    /// coefficients still leave 11 residual degrees of freedom to estimate the band's width from.
    /// </summary>
    public const int MinimumMonthsForSeasonality = 24;

    public const int MaximumHorizon = 24;

    // Standard normal 0.90 quantile: an 80% two-sided interval.
    private const double Z80 = 1.2815515655446004;

    /// <param name="monthlyHistory">One total per calendar month in minor units, oldest first, consecutive,
    /// ending with the last complete month.</param>
    /// <param name="horizon">How many months ahead to forecast, 1..24.</param>
    /// <returns>Exactly <paramref name="horizon"/> points, or none with <see cref="ForecastMethod.InsufficientHistory"/>.</returns>
    public static SpendingForecast Forecast(IReadOnlyList<long> monthlyHistory, int horizon)
    {
        ArgumentNullException.ThrowIfNull(monthlyHistory);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizon, MaximumHorizon);

        int n = monthlyHistory.Count;
        if (n < MinimumMonthsForTrend)
        {
            return new SpendingForecast(ForecastMethod.InsufficientHistory, []);
        }

        var method = n >= MinimumMonthsForSeasonality ? ForecastMethod.TrendAndSeasonality : ForecastMethod.Trend;
        int p = method == ForecastMethod.TrendAndSeasonality ? 13 : 2;

        // Centring time keeps XᵀX well conditioned however long the history gets.
        double centre = (n - 1) / 2.0;
        Span<double> x = stackalloc double[p];

        // Normal equations XᵀX β = Xᵀy. Everything is in doubles: these are estimates, and doubles cannot overflow
        // on sums of 1e14-sized values the way longs could.
        var xtx = new double[p * p];
        var beta = new double[p];
        for (int t = 0; t < n; t++)
        {
            FillRow(x, t, centre);
            double y = monthlyHistory[t];
            for (int i = 0; i < p; i++)
            {
                beta[i] += x[i] * y;
                for (int j = 0; j <= i; j++)
                {
                    xtx[i * p + j] += x[i] * x[j];
                }
            }
        }

        // The design always has full rank here (distinct times, and with dummies at least two of each month), so
        // Cholesky cannot meet a non-positive pivot except through rounding we have no realistic way to hit.
        CholeskyInPlace(xtx, p);
        SolveLower(xtx, p, beta);
        SolveLowerTransposed(xtx, p, beta);

        // Residuals are summed directly rather than via yᵀy − βᵀXᵀy, which cancels catastrophically for large,
        // near-perfectly-fitted series (and would break the zero-width band of a flat history).
        double rss = 0;
        for (int t = 0; t < n; t++)
        {
            FillRow(x, t, centre);
            double residual = monthlyHistory[t] - Dot(x, beta);
            rss += residual * residual;
        }
        int degreesOfFreedom = n - p;
        double sigma = Math.Sqrt(rss / degreesOfFreedom);
        double quantile = StudentT90(degreesOfFreedom);

        var points = new ForecastPoint[horizon];
        for (int h = 0; h < horizon; h++)
        {
            FillRow(x, n + h, centre);
            double mean = Dot(x, beta);

            // Prediction variance σ²(1 + x₀ᵀ(XᵀX)⁻¹x₀): the new month's own noise plus the uncertainty of the
            // fitted line there, which grows the further we extrapolate. With XᵀX = LLᵀ that is 1 + ‖L⁻¹x₀‖².
            SolveLower(xtx, p, x);
            double halfWidth = quantile * sigma * Math.Sqrt(1 + Dot(x, x));

            // Rounding is monotone, so Low ≤ Expected ≤ High survives it and the clamp at zero.
            points[h] = new ForecastPoint(
                Expected: ToMinorUnits(mean),
                Low: ToMinorUnits(mean - halfWidth),
                High: ToMinorUnits(mean + halfWidth));
        }
        return new SpendingForecast(method, points);
    }

    /// <summary>Regressors for month t: intercept, centred time, and (when p = 13) 11 month-of-year dummies.</summary>
    private static void FillRow(Span<double> row, int t, double centre)
    {
        row[0] = 1;
        row[1] = t - centre;
        if (row.Length > 2)
        {
            // The calendar month is unknown here, only the position in the history; t mod 12 is the same month
            // every year, which is all the dummies need. Position 0 is the baseline absorbed by the intercept.
            row[2..].Clear();
            int season = t % 12;
            if (season > 0)
            {
                row[1 + season] = 1;
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>Overwrites the lower triangle of the symmetric positive-definite matrix a (p×p, row-major) with L.</summary>
    private static void CholeskyInPlace(double[] a, int p)
    {
        for (int j = 0; j < p; j++)
        {
            double diagonal = a[j * p + j];
            for (int k = 0; k < j; k++)
            {
                diagonal -= a[j * p + k] * a[j * p + k];
            }
            diagonal = Math.Sqrt(diagonal);
            a[j * p + j] = diagonal;
            for (int i = j + 1; i < p; i++)
            {
                double value = a[i * p + j];
                for (int k = 0; k < j; k++)
                {
                    value -= a[i * p + k] * a[j * p + k];
                }
                a[i * p + j] = value / diagonal;
            }
        }
    }

    /// <summary>Solves L z = b in place.</summary>
    private static void SolveLower(double[] l, int p, Span<double> b)
    {
        for (int i = 0; i < p; i++)
        {
            double value = b[i];
            for (int k = 0; k < i; k++)
            {
                value -= l[i * p + k] * b[k];
            }
            b[i] = value / l[i * p + i];
        }
    }

    /// <summary>Solves Lᵀ z = b in place.</summary>
    private static void SolveLowerTransposed(double[] l, int p, Span<double> b)
    {
        for (int i = p - 1; i >= 0; i--)
        {
            double value = b[i];
            for (int k = i + 1; k < p; k++)
            {
                value -= l[k * p + i] * b[k];
            }
            b[i] = value / l[i * p + i];
        }
    }

    /// <summary>
    /// Student-t 0.90 quantile, by a Cornish-Fisher expansion around the normal 1.2816 (within 0.1% for the df ≥ 10
    /// that the thresholds guarantee). σ is itself estimated from few residuals (10 or 11 at the thresholds), and
    /// the plain normal quantile would then cover only ~77% instead of 80%.
    /// </summary>
    private static double StudentT90(int degreesOfFreedom)
    {
        double z = Z80, z3 = z * z * z, z5 = z3 * z * z, v = degreesOfFreedom;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
    }

    // Spending cannot be negative; the upper clamp only guards the conversion against absurd extrapolations.
    private static long ToMinorUnits(double value) =>
        value <= 0 ? 0
        : value >= long.MaxValue ? long.MaxValue
        : (long)Math.Round(value, MidpointRounding.AwayFromZero);
}
