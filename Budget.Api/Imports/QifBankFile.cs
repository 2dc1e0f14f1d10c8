using System.Globalization;
using Budget.Api.Common;

namespace Budget.Api.Imports;

/// <summary>
/// Quicken Interchange Format: records of one-letter fields (<c>D</c> date, <c>T</c> amount, <c>P</c> payee,
/// <c>M</c> memo), each ended by <c>^</c>. No parser for it is served to us, so this is a small strict one. Dates come
/// as <c>12/31/2025</c>, <c>12/31'25</c> (Quicken US) or <c>31.12.2025</c> / <c>31/12/2025</c> (Europe); which of
/// day and month comes first in slashed dates is decided for the whole file.
/// </summary>
public static class QifBankFile
{
    private sealed class Record(int line)
    {
        public int Line { get; } = line;
        public (int Line, string Value)? Date { get; set; }
        public (int Line, string Value)? Amount { get; set; }
        public string? Payee { get; set; }
        public string? Memo { get; set; }
    }

    private static readonly string[] AccountTypes = ["bank", "ccard", "cash", "oth a", "oth l"];

    public static void Read(string text, Currency currency, ParsedBankFile file)
    {
        var records = new List<Record>();
        Record? current = null;
        var section = (string?)null;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = index + 1;
            var content = lines[index].TrimEnd('\r');
            if (content.Trim().Length == 0)
            {
                continue;
            }
            if (content.StartsWith('!'))
            {
                if (current is not null)
                {
                    file.Broken = new LineProblem(line, "file", "A header starts before the record above it ended with ^.");
                    return;
                }
                var header = content.Trim().ToLowerInvariant();
                if (header.StartsWith("!type:", StringComparison.Ordinal))
                {
                    section = header["!type:".Length..].Trim();
                    if (!AccountTypes.Contains(section))
                    {
                        file.Broken = new LineProblem(line, "file", $"\"{content.Trim()}\" is not a bank, cash or card account; Budget imports those only.");
                        return;
                    }
                }
                else if (header.StartsWith("!account", StringComparison.Ordinal))
                {
                    section = "account";
                }
                // !Option and !Clear lines switch Quicken's behaviour and carry no transactions.
                continue;
            }
            if (section is null)
            {
                file.Broken = new LineProblem(line, "file", "The file does not start with a !Type: header.");
                return;
            }
            if (content.StartsWith('^'))
            {
                if (current is not null && section != "account")
                {
                    records.Add(current);
                    if (records.Count > Limits.ImportRows)
                    {
                        file.Broken = new LineProblem(line, "file", $"The file has more than {Limits.ImportRows} transactions; import it in parts.");
                        return;
                    }
                }
                current = null;
                continue;
            }
            current ??= new Record(line);
            var value = content[1..].Trim();
            switch (content[0])
            {
                case 'D':
                    current.Date = (line, value);
                    break;
                case 'T' or 'U':
                    current.Amount ??= (line, value);
                    break;
                case 'P':
                    current.Payee = value;
                    break;
                case 'M':
                    current.Memo = value;
                    break;
                default:
                    // Check number, category, cleared state, address and splits: Budget keeps none of them.
                    if (!char.IsAsciiLetterOrDigit(content[0]) && content[0] is not '$' and not '%')
                    {
                        file.Problem(line, "row", $"\"{LocalAmounts.Shorten(content)}\" is not a QIF field.");
                    }
                    break;
            }
        }
        if (current is not null)
        {
            file.Broken = new LineProblem(current.Line, "file", "This record does not end with ^ (is the file cut off?).");
            return;
        }

        var dayFirst = DayFirst(records.Select(r => r.Date?.Value));
        var decimalSeparator = LocalAmounts.GuessDecimalSeparator(records.Select(r => r.Amount?.Value ?? "")) ?? '.';
        foreach (var record in records)
        {
            var ok = true;
            DateOnly date = default;
            long amount = 0;
            if (record.Date is not { } dateField)
            {
                file.Problem(record.Line, "D", "The record has no date (D line).");
                ok = false;
            }
            else if (!TryParseDate(dateField.Value, dayFirst, out date))
            {
                file.Problem(dateField.Line, "D", $"\"{LocalAmounts.Shorten(dateField.Value)}\" is not a date like {(dayFirst ? "31/12/2025 or 31.12.2025" : "12/31/2025 or 12/31'25")}.");
                ok = false;
            }
            if (record.Amount is not { } amountField)
            {
                file.Problem(record.Line, "T", "The record has no amount (T line).");
                ok = false;
            }
            else if (!LocalAmounts.TryParse(amountField.Value, decimalSeparator, currency, out amount, out var error))
            {
                file.Problem(amountField.Line, "T", error!);
                ok = false;
            }
            else if (amount == 0)
            {
                file.Problem(amountField.Line, "T", "The amount is zero; Budget keeps no zero transactions.");
                ok = false;
            }
            if (ok)
            {
                file.Rows.Add(new BankRow(record.Line, date, -amount, BankFile.Note(record.Payee, record.Memo), null));
            }
        }
    }

    /// <summary>Slashed dates are day first when one of them can only be (a first part over 12); else month first, as Quicken writes.</summary>
    private static bool DayFirst(IEnumerable<string?> dates)
    {
        foreach (var date in dates.OfType<string>())
        {
            var parts = Normalise(date).Split('/');
            if (parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var first) && first > 12)
            {
                return true;
            }
        }
        return false;
    }

    private static string Normalise(string date) => date.Replace(" ", "", StringComparison.Ordinal);

    private static bool TryParseDate(string text, bool dayFirst, out DateOnly date)
    {
        var s = Normalise(text);
        string[] formats;
        if (s.Contains('\''))
        {
            // Quicken's 12/31'25: an apostrophe before the year means 2000 and later.
            var parts = s.Split('\'');
            s = parts.Length == 2 && parts[1].Length == 2 ? $"{parts[0]}/20{parts[1]}" : s;
        }
        if (s.Contains('.'))
        {
            formats = ["d.M.yyyy", "d.M.yy"];
        }
        else if (s.Contains('/'))
        {
            formats = dayFirst ? ["d/M/yyyy", "d/M/yy"] : ["M/d/yyyy", "M/d/yy"];
        }
        else
        {
            formats = ["yyyy-M-d", "yyyyMMdd"];
        }
        return DateOnly.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date >= Dates.Earliest && date <= Dates.Latest;
    }
}
