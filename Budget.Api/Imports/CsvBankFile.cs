using System.Security.Cryptography;
using System.Text;
using Budget.Api.Common;
using CsvHelper;

namespace Budget.Api.Imports;

/// <summary>
/// A bank's CSV export, read with CsvHelper (RFC 4180 quoting, malformed quotes refused). Which column is what, the
/// date format and the decimal separator differ per bank: they are guessed from the header and the values, shown in
/// the preview, and confirmed by the user.
/// </summary>
public static class CsvBankFile
{
    public static readonly string[] Delimiters = [";", ",", "\t", "|"];

    /// <summary>
    /// What the file's records look like without keeping them all: the first <see cref="HeadRecords"/> with their fields
    /// (where the preamble, header and the rows the mapping is guessed from are) and the width of every record.
    /// </summary>
    public sealed record Table(char Delimiter, List<(int Line, string[] Fields)> Head, List<int> Widths)
    {
        public int Count => Widths.Count;
    }

    /// <summary>Enough records for a preamble, the header and the 200 rows a mapping is guessed from.</summary>
    public const int HeadRecords = 300;

    /// <summary>
    /// The non-empty records of <paramref name="text"/> one at a time, each with the line it starts on; a quoting
    /// error throws <see cref="CsvFormatException"/>.
    /// </summary>
    public static IEnumerable<(int Line, string[] Fields)> Records(TextReader text, char delimiter)
    {
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        using var reader = CsvReader.Create(text, options);
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = reader.GetString(i).Trim();
            }
            // A trailing line of only delimiters (some banks end with ";;;;") is as empty as an empty line.
            if (fields.All(f => f.Length == 0))
            {
                continue;
            }
            yield return ((int)reader.LineNumber, fields);
        }
    }

    /// <summary>Reads the file through once; a quoting error or too many rows marks it as broken.</summary>
    public static Table ReadTable(TextReader text, char delimiter, ParsedBankFile file, int maxRecords)
    {
        var head = new List<(int, string[])>();
        var widths = new List<int>();
        try
        {
            foreach (var (line, fields) in Records(text, delimiter))
            {
                if (widths.Count == maxRecords)
                {
                    file.Broken = new LineProblem(line, "file", $"The file has more than {Limits.ImportRows} rows; import it in parts.");
                    break;
                }
                if (head.Count < HeadRecords)
                {
                    head.Add((line, fields));
                }
                widths.Add(fields.Length);
            }
        }
        catch (CsvFormatException e)
        {
            file.Broken = new LineProblem((int)e.LineNumber, "file", "The quoting of this line is broken (a quote is not closed, or text follows a closing quote).");
        }
        return new Table(delimiter, head, widths);
    }

    /// <summary>The record at <paramref name="index"/> (of <see cref="Table.Count"/>): from the head, or read again.</summary>
    public static string[] Record(Table table, BankText text, int index)
    {
        if (index < table.Head.Count)
        {
            return table.Head[index].Fields;
        }
        using var reader = text.Reader();
        return Records(reader, table.Delimiter).ElementAt(index).Fields;
    }

    /// <summary>The delimiter that splits the first lines into the most rows of one width (of at least two columns).</summary>
    public static char DetectDelimiter(string head)
    {
        var best = (Delimiter: ';', Score: -1);
        foreach (var candidate in Delimiters.Select(d => d[0]))
        {
            var table = ReadTable(new StringReader(head), candidate, new ParsedBankFile(ImportFormat.Csv), 60);
            var widths = table.Widths.Where(w => w > 1).GroupBy(w => w).OrderByDescending(g => g.Count()).FirstOrDefault();
            var score = widths?.Count() ?? 0;
            if (score > best.Score)
            {
                best = (candidate, score);
            }
        }
        return best.Delimiter;
    }

    /// <summary>
    /// Where the rows start: lines of another width before them are a preamble (account, period), and a first row in
    /// which no cell is a date or an amount is the header.
    /// </summary>
    public static (int SkipLines, bool FirstRowIsHeader) DetectShape(Table table, BankText text)
    {
        if (table.Count == 0)
        {
            return (0, true);
        }
        var width = table.Widths.GroupBy(w => w).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        var skip = table.Widths.IndexOf(width);
        var first = Record(table, text, skip);
        var looksLikeData = first.Any(cell => LocalAmounts.DateFormats.Keys.Any(f => LocalAmounts.TryParseDate(cell, f, out _, out _)));
        return (skip, !looksLikeData);
    }

    public static string[] Columns(Table table, BankText text, int skipLines, bool firstRowIsHeader)
    {
        var first = skipLines < table.Count ? Record(table, text, skipLines) : [];
        return firstRowIsHeader
            ? first.Select((name, i) => name.Length > 0 ? name : $"Column {i + 1}").ToArray()
            : first.Select((_, i) => $"Column {i + 1}").ToArray();
    }

    /// <summary>The same header (or, without one, the same width) with the same delimiter gives the same fingerprint.</summary>
    public static string Fingerprint(char delimiter, string[] columns, bool firstRowIsHeader)
    {
        var names = string.Join('\u001F', columns.Select(c => c.Trim().ToLowerInvariant()));
        var text = firstRowIsHeader ? $"{delimiter}\n{names}" : $"{delimiter}\ncolumns:{columns.Length}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static readonly string[] DateNames = ["buchungstag", "buchungsdatum", "transaction date", "posting date", "posted date", "booking date", "datum", "date"];
    private static readonly string[] NotDateNames = ["valuta", "wertstellung", "value date"];
    private static readonly string[] AmountNames = ["betrag", "amount", "umsatz", "value"];
    private static readonly string[] DebitNames = ["debit", "soll", "withdrawal", "paid out", "money out", "ausgang"];
    private static readonly string[] CreditNames = ["credit", "haben", "deposit", "paid in", "money in", "eingang"];
    private static readonly string[] PayeeNames = ["payee", "empfänger", "empfaenger", "begünstigter", "beguenstigter", "zahlungspflichtige", "auftraggeber", "counterparty", "merchant", "name"];
    private static readonly string[] DescriptionNames = ["verwendungszweck", "description", "memo", "buchungstext", "details", "narrative", "reference", "text"];

    /// <summary>A first guess at the mapping, from the header's words and what the values look like.</summary>
    public static CsvMapping DetectMapping(Table table, BankText text, int skipLines, bool firstRowIsHeader)
    {
        var columns = Columns(table, text, skipLines, firstRowIsHeader);
        var names = firstRowIsHeader ? columns.Select(c => c.ToLowerInvariant()).ToArray() : new string[columns.Length];
        // The first 200 rows, from the head (a preamble of more than 100 records leaves fewer to guess from).
        var data = table.Head.Skip(skipLines + (firstRowIsHeader ? 1 : 0)).Take(200).Select(r => r.Fields).ToList();
        string[] Values(int column) => data.Where(r => column < r.Length && r[column].Length > 0).Select(r => r[column]).ToArray();
        int? Named(string[] words, params int?[] taken) => firstRowIsHeader
            ? words.SelectMany(w => Enumerable.Range(0, columns.Length).Where(i => names[i]!.Contains(w, StringComparison.Ordinal)))
                .Cast<int?>().FirstOrDefault(i => !taken.Contains(i))
            : null;

        var dateColumn = Enumerable.Range(0, columns.Length)
            .Where(i => !firstRowIsHeader || !NotDateNames.Any(n => names[i]!.Contains(n, StringComparison.Ordinal)))
            .OrderBy(i => firstRowIsHeader && DateNames.Any(n => names[i]!.Contains(n, StringComparison.Ordinal)) ? 0 : 1)
            .Cast<int?>()
            .FirstOrDefault(i => BestDateFormat(Values(i!.Value)) is not null) ?? 0;
        var dateFormat = BestDateFormat(Values(dateColumn)) ?? LocalAmounts.DateFormats.Keys.First();

        int? amountColumn = Named(AmountNames, dateColumn), debitColumn = null, creditColumn = null;
        if (amountColumn is null)
        {
            debitColumn = Named(DebitNames, dateColumn);
            creditColumn = Named(CreditNames, dateColumn, debitColumn);
            if (debitColumn is null && creditColumn is null)
            {
                // No header words: the first column after the date whose values all read as amounts.
                amountColumn = Enumerable.Range(0, columns.Length).Where(i => i != dateColumn).Cast<int?>()
                    .FirstOrDefault(i => Values(i!.Value) is { Length: > 0 } v && v.All(LooksLikeAmount));
            }
        }
        var amountValues = new[] { amountColumn, debitColumn, creditColumn }.OfType<int>().SelectMany(Values);
        var decimalSeparator = LocalAmounts.GuessDecimalSeparator(amountValues) ?? (table.Delimiter == ';' ? ',' : '.');
        var payeeColumn = Named(PayeeNames, dateColumn, amountColumn, debitColumn, creditColumn);
        var descriptionColumn = Named(DescriptionNames, dateColumn, amountColumn, debitColumn, creditColumn, payeeColumn);
        if (payeeColumn is null && descriptionColumn is null)
        {
            // The widest text column says most about a row.
            descriptionColumn = Enumerable.Range(0, columns.Length)
                .Where(i => i != dateColumn && i != amountColumn && i != debitColumn && i != creditColumn)
                .Cast<int?>().OrderByDescending(i => Values(i!.Value).Sum(v => v.Length)).FirstOrDefault();
        }
        return new CsvMapping(table.Delimiter.ToString(), skipLines, firstRowIsHeader, dateColumn, dateFormat, decimalSeparator.ToString(),
            amountColumn, debitColumn, creditColumn, payeeColumn, descriptionColumn);
    }

    private static bool LooksLikeAmount(string value) =>
        LocalAmounts.TryParse(value, ',', new Currency("XXX", 4), out _, out _) || LocalAmounts.TryParse(value, '.', new Currency("XXX", 4), out _, out _);

    /// <summary>
    /// The format every value reads in; where several do (all days up to 12), the one that keeps the rows in date
    /// order, as banks list them.
    /// </summary>
    private static string? BestDateFormat(string[] values)
    {
        if (values.Length == 0)
        {
            return null;
        }
        return LocalAmounts.DateFormats.Keys
            .Select(format => (format, dates: values.Select(v => LocalAmounts.TryParseDate(v, format, out var d, out _) ? d : (DateOnly?)null).ToArray()))
            .Where(c => c.dates.All(d => d is not null))
            .OrderBy(c => Math.Min(Inversions(c.dates, ascending: true), Inversions(c.dates, ascending: false)))
            .Select(c => c.format)
            .FirstOrDefault();
    }

    private static int Inversions(DateOnly?[] dates, bool ascending) =>
        dates.Zip(dates.Skip(1)).Count(p => ascending ? p.First > p.Second : p.First < p.Second);

    /// <summary>
    /// Reads the data rows with <paramref name="mapping"/> (already checked against the columns), record by record:
    /// only the rows are kept.
    /// </summary>
    public static void ReadRows(BankText text, CsvMapping mapping, int width, Currency currency, ParsedBankFile file)
    {
        var decimalSeparator = mapping.DecimalSeparator[0];
        using var reader = text.Reader();
        foreach (var (line, fields) in Records(reader, mapping.Delimiter[0]).Skip(mapping.SkipLines + (mapping.FirstRowIsHeader ? 1 : 0)))
        {
            if (fields.Length != width)
            {
                file.Problem(line, "row", $"Has {fields.Length} fields; the {(mapping.FirstRowIsHeader ? "header" : "first row")} has {width}.");
                continue;
            }
            var ok = LocalAmounts.TryParseDate(fields[mapping.DateColumn], mapping.DateFormat, out var date, out var dateError);
            if (!ok)
            {
                file.Problem(line, "date", dateError!);
            }
            long bankAmount = 0;
            if (mapping.AmountColumn is { } amountColumn)
            {
                if (!LocalAmounts.TryParse(fields[amountColumn], decimalSeparator, currency, out bankAmount, out var error))
                {
                    file.Problem(line, "amount", error!);
                    ok = false;
                }
            }
            else
            {
                // Money out and money in, each written as a size (some banks put a minus on the debit too).
                var debit = mapping.DebitColumn is { } d ? fields[d] : "";
                var credit = mapping.CreditColumn is { } c ? fields[c] : "";
                long debitAmount = 0, creditAmount = 0;
                if (debit.Length == 0 && credit.Length == 0)
                {
                    file.Problem(line, "amount", "Neither the debit nor the credit column has an amount.");
                    ok = false;
                }
                if (debit.Length > 0 && !LocalAmounts.TryParse(debit, decimalSeparator, currency, out debitAmount, out var debitError))
                {
                    file.Problem(line, "debit", debitError!);
                    ok = false;
                }
                if (credit.Length > 0 && !LocalAmounts.TryParse(credit, decimalSeparator, currency, out creditAmount, out var creditError))
                {
                    file.Problem(line, "credit", creditError!);
                    ok = false;
                }
                bankAmount = Math.Abs(creditAmount) - Math.Abs(debitAmount);
            }
            if (ok && bankAmount == 0)
            {
                file.Problem(line, "amount", "The amount is zero; Budget keeps no zero transactions.");
                ok = false;
            }
            if (ok)
            {
                var note = BankFile.Note(
                    mapping.PayeeColumn is { } p ? fields[p] : null,
                    mapping.DescriptionColumn is { } x ? fields[x] : null);
                file.Rows.Add(new BankRow(line, date, -bankAmount, note, null));
            }
        }
    }
}
