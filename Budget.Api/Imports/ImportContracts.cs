using System.Text.Json.Serialization;
using Budget.Api.Common;

namespace Budget.Api.Imports;

/// <summary>
/// How to read a bank's CSV: column numbers count from 0. Either <c>amountColumn</c> (negative = money out), or
/// <c>debitColumn</c> and/or <c>creditColumn</c> (money out, money in). <c>skipLines</c> are the non-empty lines before the
/// header (or the first row) that some banks write; <c>dateFormat</c> is one of the formats the preview lists.
/// </summary>
public sealed record CsvMapping(
    string Delimiter,
    int SkipLines,
    bool FirstRowIsHeader,
    int DateColumn,
    string DateFormat,
    string DecimalSeparator,
    int? AmountColumn = null,
    int? DebitColumn = null,
    int? CreditColumn = null,
    int? PayeeColumn = null,
    int? DescriptionColumn = null);

[JsonConverter(typeof(LowercaseEnumConverter<MappingSource>))]
public enum MappingSource
{
    /// <summary>Guessed from the header and the values.</summary>
    Detected = 1,
    /// <summary>Confirmed on an earlier import of a file with the same header (or the same bank name).</summary>
    Remembered = 2,
    /// <summary>Sent with the request.</summary>
    Given = 3,
}

/// <summary>A CSV file's columns (header names, or "Column 1"...) and the mapping its rows were read with.</summary>
public sealed record CsvLayout(string[] Columns, CsvMapping Mapping, MappingSource MappingSource, string? BankName, string[] DateFormats);

/// <summary>
/// One row as it would be imported: <c>amount</c> is what was spent (money in is negative), as for transactions.
/// <c>alreadyImported</c> rows exist in this profile from an earlier import and are skipped.
/// </summary>
public sealed record ImportRowResponse(int Line, DateOnly Date, decimal Amount, string? Note, bool AlreadyImported);

public sealed record ImportProblemResponse(int Line, string Field, string Message);

/// <summary>
/// What importing the file would do. <c>problems</c> lists lines that cannot be read (with the mapping shown, for
/// CSV): an import is refused while there are any.
/// </summary>
public sealed record ImportPreviewResponse(
    ImportFormat Format,
    CsvLayout? Csv,
    ImportRowResponse[] Rows,
    int NewRows,
    int AlreadyImported,
    ImportProblemResponse[] Problems,
    int ProblemCount);

public sealed record ImportResponse(
    long Id, long BudgetId, string FileName, ImportFormat Format, int Imported, int AlreadyImported, DateTime CreatedAt)
{
    public static ImportResponse From(BankImport import) => new(
        import.Id, import.BudgetId, import.FileName, import.Format, import.Imported, import.AlreadyImported, import.CreatedAt);
}

public sealed record ImportMappingResponse(long Id, string? BankName, string[] Columns, CsvMapping Mapping, DateTime UpdatedAt)
{
    public static ImportMappingResponse From(ImportMapping mapping) => new(
        mapping.Id, mapping.BankName, mapping.Columns.Split('\n'), mapping.ToCsvMapping(), mapping.UpdatedAt);
}
