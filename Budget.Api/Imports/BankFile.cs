using System.Text;
using System.Text.Json.Serialization;
using Budget.Api.Common;

namespace Budget.Api.Imports;

[JsonConverter(typeof(LowercaseEnumConverter<ImportFormat>))]
public enum ImportFormat
{
    Csv = 1,
    Ofx = 2,
    Qif = 3,
}

/// <summary>
/// One transaction read from a bank file. <see cref="Amount"/> is already in Budget's sign: what was spent is
/// positive, money that came in is negative (a bank writes it the other way round).
/// </summary>
public sealed record BankRow(int Line, DateOnly Date, long Amount, string? Note, string? BankId);

/// <summary>What is wrong on one line of a bank file, and in which field.</summary>
public sealed record LineProblem(int Line, string Field, string Message);

/// <summary>What a bank file holds: its rows and any lines that could not be read.</summary>
public sealed class ParsedBankFile(ImportFormat format)
{
    public ImportFormat Format { get; } = format;
    public List<BankRow> Rows { get; } = [];
    public List<LineProblem> Problems { get; } = [];
    /// <summary>The file as a whole cannot be read (its structure is broken), so there is nothing to preview.</summary>
    public LineProblem? Broken { get; set; }
    public CsvLayout? Csv { get; set; }

    public void Problem(int line, string field, string message)
    {
        // A file broken on every line says so well enough in its first hundred.
        if (Problems.Count < Limits.ImportProblemsShown)
        {
            Problems.Add(new LineProblem(line, field, message));
        }
        ProblemCount++;
    }

    public int ProblemCount { get; private set; }
}

/// <summary>Reads the bytes of an uploaded bank export: the text, its format, and then its rows.</summary>
public static class BankFile
{
    static BankFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// UTF-8 (with or without a byte order mark) or UTF-16 when marked; anything else is read as Windows-1252, which
    /// is what German, British and US banks write when they do not write UTF-8.
    /// </summary>
    public static string Decode(byte[] content)
    {
        if (content.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            return new UTF8Encoding(false, true).GetString(content, 3, content.Length - 3);
        }
        if (content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(content, 2, content.Length - 2);
        }
        if (content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF)
        {
            return Encoding.BigEndianUnicode.GetString(content, 2, content.Length - 2);
        }
        try
        {
            return new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252).GetString(content);
        }
    }

    /// <summary>Text has no control characters but line breaks, tabs and form feeds (binary data decodes into many).</summary>
    public static bool IsText(string text) => !text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t' or '\f'));

    /// <summary>The format, from the content first (a renamed file still reads) and the file name second.</summary>
    public static ImportFormat? Detect(string fileName, string text)
    {
        var start = text.AsSpan().TrimStart();
        if (start.StartsWith("OFXHEADER", StringComparison.OrdinalIgnoreCase)
            || (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<OFX", StringComparison.OrdinalIgnoreCase))
            || start.StartsWith("<OFX", StringComparison.OrdinalIgnoreCase))
        {
            return ImportFormat.Ofx;
        }
        if (start.StartsWith("!Type:", StringComparison.OrdinalIgnoreCase) || start.StartsWith("!Account", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("!Option", StringComparison.OrdinalIgnoreCase))
        {
            return ImportFormat.Qif;
        }
        // Banks name their CSV files anyhow (umsatz.CSV, export.txt, download); their PDF and Excel statements are
        // what people pick by mistake, and those cannot be read.
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".ofx" or ".qfx" => ImportFormat.Ofx,
            ".qif" => ImportFormat.Qif,
            ".pdf" or ".xls" or ".xlsx" or ".ods" or ".zip" or ".doc" or ".docx" or ".numbers" => null,
            _ => ImportFormat.Csv,
        };
    }

    /// <summary>A note from what the bank says about a row: the payee, then the description, on one line.</summary>
    public static string? Note(params string?[] parts)
    {
        var text = string.Join(" · ", parts
            .Select(p => p is null ? "" : string.Join(' ', p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase));
        text = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        return text.Length <= Limits.NoteLength ? text : text[..(Limits.NoteLength - 1)] + "…";
    }
}
