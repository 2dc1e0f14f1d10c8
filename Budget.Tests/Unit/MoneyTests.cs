using System.Globalization;
using Budget.Api.Common;

namespace Budget.Tests.Unit;

public class MoneyConversionTests
{
    private static readonly Currency Usd = Currency.Usd;
    private static readonly Currency Jpy = new("JPY", 0);
    private static readonly Currency Kwd = new("KWD", 3);

    private static decimal Parse(string major) => decimal.Parse(major, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static long Converts(string major, Currency currency, AmountRule rule)
    {
        Assert.True(Money.TryToMinor(Parse(major), currency, rule, out var minor, out var error), error);
        Assert.Null(error);
        return minor;
    }

    private static string Refuses(string major, Currency currency, AmountRule rule)
    {
        Assert.False(Money.TryToMinor(Parse(major), currency, rule, out _, out var error), $"{major} {currency.Code} was accepted as {rule}");
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error!;
    }

    [Theory]
    [InlineData("0.01", 1)]
    [InlineData("0.1", 10)]
    [InlineData("0.10", 10)]
    [InlineData("0.100000", 10)]
    [InlineData("1999.99", 199999)]
    [InlineData("1000000000000", 100000000000000)]
    public void Positive_takes_any_amount_above_zero(string major, long minor) =>
        Assert.Equal(minor, Converts(major, Usd, AmountRule.Positive));

    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    [InlineData("-1999.99")]
    public void Positive_refuses_zero_and_below(string major) =>
        Assert.Equal("Must be greater than zero.", Refuses(major, Usd, AmountRule.Positive));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("0.01", 1)]
    [InlineData("1000000000000", 100000000000000)]
    public void NonNegative_takes_zero_and_above(string major, long minor) =>
        Assert.Equal(minor, Converts(major, Usd, AmountRule.NonNegative));

    [Fact]
    public void NonNegative_refuses_a_single_cent_below_zero() =>
        Assert.Equal("Must not be negative.", Refuses("-0.01", Usd, AmountRule.NonNegative));

    [Theory]
    [InlineData("-0.01", -1)]
    [InlineData("0.01", 1)]
    [InlineData("-1000000000000", -100000000000000)]
    public void NonZero_takes_either_sign(string major, long minor) =>
        Assert.Equal(minor, Converts(major, Usd, AmountRule.NonZero));

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.000")]
    public void NonZero_refuses_every_spelling_of_zero(string major) =>
        Assert.Equal("Must not be zero.", Refuses(major, Usd, AmountRule.NonZero));

    [Theory]
    [InlineData("-1000000000000", -100000000000000)]
    [InlineData("-0.01", -1)]
    [InlineData("0", 0)]
    [InlineData("1000000000000", 100000000000000)]
    public void Any_takes_either_sign_and_zero(string major, long minor) =>
        Assert.Equal(minor, Converts(major, Usd, AmountRule.Any));

    [Theory]
    [InlineData("1.005")]
    [InlineData("0.001")]
    [InlineData("-0.001")]
    [InlineData("19.999")]
    [InlineData("0.0000000000000000000000000001")]
    public void Dollars_refuse_fractions_of_a_cent_whatever_the_rule(string major)
    {
        foreach (var rule in Enum.GetValues<AmountRule>())
        {
            Assert.Equal("USD amounts have at most 2 decimals.", Refuses(major, Usd, rule));
        }
    }

    [Theory]
    [InlineData("1000000000000.01")]
    [InlineData("-1000000000000.01")]
    [InlineData("1000000000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    public void Amounts_beyond_ten_to_the_twelve_are_refused_in_every_currency(string major)
    {
        foreach (var currency in new[] { Usd, Jpy, Kwd })
        {
            foreach (var rule in Enum.GetValues<AmountRule>())
            {
                Assert.Equal("Must be between -1000000000000 and 1000000000000.", Refuses(major, currency, rule));
            }
        }
    }

    [Fact]
    public void The_bound_itself_is_allowed_in_every_currency()
    {
        Assert.Equal(1_000_000_000_000, Converts("1000000000000", Jpy, AmountRule.Positive));
        Assert.Equal(-1_000_000_000_000, Converts("-1000000000000", Jpy, AmountRule.Any));
        Assert.Equal(100_000_000_000_000, Converts("1000000000000", Usd, AmountRule.Positive));
        Assert.Equal(-100_000_000_000_000, Converts("-1000000000000.00", Usd, AmountRule.NonZero));
        Assert.Equal(1_000_000_000_000_000, Converts("1000000000000", Kwd, AmountRule.NonNegative));
        Assert.Equal(-1_000_000_000_000_000, Converts("-1000000000000.000", Kwd, AmountRule.Any));
        Assert.Equal(99_999_999_999_999, Converts("999999999999.99", Usd, AmountRule.Positive));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1500", 1500)]
    [InlineData("1500.000", 1500)]
    [InlineData("-7", -7)]
    public void Yen_convert_one_to_one(string major, long minor) =>
        Assert.Equal(minor, Converts(major, Jpy, AmountRule.NonZero));

    [Theory]
    [InlineData("0.5")]
    [InlineData("1500.01")]
    [InlineData("-0.1")]
    public void Yen_refuse_fractions(string major) =>
        Assert.Equal("JPY amounts are whole numbers.", Refuses(major, Jpy, AmountRule.Any));

    [Theory]
    [InlineData("1.005", 1005)]
    [InlineData("0.001", 1)]
    [InlineData("0.1", 100)]
    [InlineData("-12.345", -12345)]
    public void Dinars_have_three_decimals(string major, long minor) =>
        Assert.Equal(minor, Converts(major, Kwd, AmountRule.Any));

    [Theory]
    [InlineData("1.0005")]
    [InlineData("0.0001")]
    public void Dinars_refuse_a_fourth_decimal(string major) =>
        Assert.Equal("KWD amounts have at most 3 decimals.", Refuses(major, Kwd, AmountRule.Any));

    [Theory]
    [InlineData("0.1")]
    [InlineData("0.2")]
    [InlineData("0.3")]
    [InlineData("1999.99")]
    [InlineData("-0.01")]
    [InlineData("999999999999.99")]
    [InlineData("-1000000000000")]
    [InlineData("1000000000000")]
    public void Dollars_convert_back_to_what_was_given(string major)
    {
        var amount = Parse(major);

        Assert.Equal(amount, Money.ToMajor(Converts(major, Usd, AmountRule.Any), Usd));
    }

    [Fact]
    public void Every_amount_in_every_currency_converts_back_to_what_was_given()
    {
        var random = new Random(20261125);
        foreach (var currency in new[] { Usd, Jpy, Kwd })
        {
            for (var i = 0; i < 2_000; i++)
            {
                var minor = random.NextInt64(-Money.MaxMinorUnits(currency), Money.MaxMinorUnits(currency) + 1);
                var major = Money.ToMajor(minor, currency);

                Assert.True(Money.TryToMinor(major, currency, AmountRule.Any, out var back, out var error), error);
                Assert.Equal(minor, back);
                Assert.Equal(major, Money.ToMajor(back, currency));
            }
        }
    }

    [Fact]
    public void Minor_units_become_major_units_by_the_currencys_exponent()
    {
        Assert.Equal(19.99m, Money.ToMajor(1999, Usd));
        Assert.Equal(1999m, Money.ToMajor(1999, Jpy));
        Assert.Equal(1.999m, Money.ToMajor(1999, Kwd));
        Assert.Equal(0m, Money.ToMajor(0, Usd));
    }

    [Fact]
    public void The_largest_total_is_ten_to_the_twelve_major_units_in_each_currencys_minor_units()
    {
        Assert.Equal(100_000_000_000_000, Money.MaxMinorUnits(Usd));
        Assert.Equal(1_000_000_000_000, Money.MaxMinorUnits(Jpy));
        Assert.Equal(1_000_000_000_000_000, Money.MaxMinorUnits(Kwd));
        Assert.True(Money.IsWithinLimit(100_000_000_000_000, Usd));
        Assert.True(Money.IsWithinLimit(-100_000_000_000_000, Usd));
        Assert.False(Money.IsWithinLimit(100_000_000_000_001, Usd));
        Assert.False(Money.IsWithinLimit(-1_000_000_000_001, Jpy));
    }

    [Fact]
    public void TryAdd_adds_inside_the_range()
    {
        Assert.Equal(2, Money.TryAdd(5, -3, Usd));
        Assert.Equal(30, Money.TryAdd(10, 20, Usd));
        Assert.Equal(100_000_000_000_000, Money.TryAdd(99_999_999_999_999, 1, Usd));
        Assert.Equal(-100_000_000_000_000, Money.TryAdd(-99_999_999_999_999, -1, Usd));
        Assert.Equal(0, Money.TryAdd(100_000_000_000_000, -100_000_000_000_000, Usd));
    }

    [Fact]
    public void TryAdd_refuses_sums_outside_the_range()
    {
        Assert.Null(Money.TryAdd(100_000_000_000_000, 1, Usd));
        Assert.Null(Money.TryAdd(-100_000_000_000_000, -1, Usd));
        Assert.Null(Money.TryAdd(1_000_000_000_000, 1, Jpy));
        Assert.Null(Money.TryAdd(1_000_000_000_000_000, 1, Kwd));
        Assert.Equal(1_000_000_000_000_000, Money.TryAdd(999_999_999_999_999, 1, Kwd));
    }

    [Theory]
    [InlineData(long.MaxValue, 1)]
    [InlineData(long.MaxValue, long.MaxValue)]
    [InlineData(long.MinValue, -1)]
    [InlineData(long.MinValue, long.MinValue)]
    [InlineData(long.MaxValue, 0)]
    [InlineData(long.MinValue, 0)]
    public void TryAdd_never_wraps_around(long a, long b) =>
        Assert.Null(Money.TryAdd(a, b, Usd));

    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("usd", 2)]
    [InlineData(" gbp ", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    public void Known_currencies_have_their_iso_exponent(string code, int exponent)
    {
        Assert.True(Currency.TryGet(code, out var currency));
        Assert.Equal(code.Trim().ToUpperInvariant(), currency.Code);
        Assert.Equal(exponent, currency.Exponent);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("XAU")]
    [InlineData("XTS")]
    [InlineData("")]
    [InlineData("US")]
    [InlineData(null)]
    public void Unknown_currencies_are_refused(string? code) =>
        Assert.False(Currency.TryGet(code, out _));
}
