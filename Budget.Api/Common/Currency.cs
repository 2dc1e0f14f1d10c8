using System.Collections.Frozen;

namespace Budget.Api.Common;

/// <summary>An ISO 4217 currency and the number of decimals its minor unit has (USD 2, JPY 0, KWD 3).</summary>
public readonly record struct Currency(string Code, int Exponent)
{
    public static readonly Currency Usd = new("USD", 2);

    public long MinorPerMajor => Exponent switch { 0 => 1, 1 => 10, 2 => 100, 3 => 1_000, _ => 10_000 };

    /// <summary>A currency code Budget stored itself (a profile's): always known, USD only should a row predate the column.</summary>
    public static Currency Stored(string? code) => TryGet(code, out var currency) ? currency : Usd;

    public static bool TryGet(string? code, out Currency currency)
    {
        if (code is not null && Exponents.TryGetValue(code.Trim().ToUpperInvariant(), out var exponent))
        {
            currency = new Currency(code.Trim().ToUpperInvariant(), exponent);
            return true;
        }
        currency = default;
        return false;
    }

    // Active ISO 4217 codes (list one, 2024) that households hold; precious metals, testing and fund codes
    // (XAU, XTS, XDR, ...) are left out on purpose. Most currencies have two decimals; the rest are listed apart.
    private const string TwoDecimalCodes =
        "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF " +
        "CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF " +
        "IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR " +
        "MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD " +
        "SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XCG YER " +
        "ZAR ZMW ZWG";
    private const string ZeroDecimalCodes = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
    private const string ThreeDecimalCodes = "BHD IQD JOD KWD LYD OMR TND";

    private static readonly FrozenDictionary<string, int> Exponents =
        TwoDecimalCodes.Split(' ').Select(code => KeyValuePair.Create(code, 2))
            .Concat(ZeroDecimalCodes.Split(' ').Select(code => KeyValuePair.Create(code, 0)))
            .Concat(ThreeDecimalCodes.Split(' ').Select(code => KeyValuePair.Create(code, 3)))
            .ToFrozenDictionary();
}
