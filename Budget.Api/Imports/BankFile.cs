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
    /// Opens the uploaded file as text, or null when it is not text. UTF-8 (with or without a byte order mark) or
    /// UTF-16 when marked; anything else is read as Windows-1252, which is what German, British and US banks write
    /// when they do not write UTF-8. Reads the file through once to choose (a file that is UTF-8 only up to its last
    /// line is Windows-1252) and to check that it is text, holding no more than a buffer of it.
    /// </summary>
    public static BankText? Open(Func<Stream> open)
    {
        Span<byte> start = stackalloc byte[3];
        int read;
        using (var stream = open())
        {
            read = stream.ReadAtLeast(start, 3, throwOnEndOfStream: false);
        }
        var first = start[..read];
        Encoding encoding = first.StartsWith(Encoding.UTF8.Preamble) ? new UTF8Encoding(true, true)
            : first.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? Encoding.Unicode
            : first.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? Encoding.BigEndianUnicode
            : new UTF8Encoding(false, true);
        var text = new BankText(open, encoding);
        try
        {
            return text.IsText() ? text : null;
        }
        catch (DecoderFallbackException) when (encoding.Preamble.Length == 0)
        {
            var windows = new BankText(open, Encoding.GetEncoding(1252));
            return windows.IsText() ? windows : null;
        }
        catch (DecoderFallbackException)
        {
            // Marked as UTF-8 but not UTF-8: not a file a bank wrote.
            return null;
        }
    }

    /// <summary>
    /// The format, from the content first (its first lines, <see cref="BankText.Head"/>: a renamed file still reads)
    /// and the file name second.
    /// </summary>
    public static ImportFormat? Detect(string fileName, string head)
    {
        var start = head.AsSpan().TrimStart();
        if (start.StartsWith("OFXHEADER", StringComparison.OrdinalIgnoreCase)
            || (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && head.Contains("<OFX", StringComparison.OrdinalIgnoreCase))
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

/// <summary>
/// An uploaded bank file as text in the encoding <see cref="BankFile.Open"/> chose: read as a stream, as often as
/// needed, so that the whole file is never held (it waits in ASP.NET's temporary file, not on the heap).
/// </summary>
public sealed class BankText(Func<Stream> open, Encoding encoding)
{
    private const int BufferChars = 8 * 1024;

    /// <summary>A reader from the first character (after any byte order mark).</summary>
    public TextReader Reader() => new StreamReader(open(), encoding, detectEncodingFromByteOrderMarks: false, BufferChars);

    /// <summary>The whole text, for the formats that are read as a document (OFX, QIF).</summary>
    public string ReadAll()
    {
        using var reader = Reader();
        return reader.ReadToEnd();
    }

    private string? _head;

    /// <summary>The first 60 lines (each ending in \n): enough to tell the format and the delimiter. Read once.</summary>
    public string Head => _head ??= ReadHead(60);

    private string ReadHead(int lines)
    {
        using var reader = Reader();
        var head = new StringBuilder();
        for (var i = 0; i < lines && reader.ReadLine() is { } line; i++)
        {
            head.Append(line).Append('\n');
        }
        return head.ToString();
    }

    /// <summary>No control characters but line breaks, tabs and form feeds (binary data decodes into many).</summary>
    public bool IsText()
    {
        using var reader = Reader();
        var buffer = new char[BufferChars];
        int read;
        while ((read = reader.Read(buffer)) > 0)
        {
            foreach (var c in buffer.AsSpan(0, read))
            {
                if (char.IsControl(c) && c is not ('\r' or '\n' or '\t' or '\f'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
