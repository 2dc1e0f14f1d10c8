using PdfSharp.Fonts;

namespace Budget.Api.Exports;

/// <summary>
/// PDFsharp finds no system fonts on Linux, so the report ships its own: DejaVu Sans, regular and bold (Bitstream Vera
/// licence, see Fonts/LICENSE), cut down to Latin, Greek, Cyrillic, punctuation, currency signs and arrows (~105 KB
/// each). PDFsharp embeds only the glyphs a report uses.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp's setting is global).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ReportFonts)
            {
                GlobalFontSettings.FontResolver = new ReportFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        // Every family is DejaVu Sans; italic is slanted by PDFsharp.
        new(isBold ? Bold : Regular, false, isItalic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"fonts/{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
