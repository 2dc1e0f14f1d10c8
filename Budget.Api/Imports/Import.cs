using Budget.Api.Budgets;
using Budget.Api.Common;

namespace Budget.Api.Imports;

/// <summary>One committed import of a bank file into a budget.</summary>
public sealed class BankImport : IIdempotentRow
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public long BudgetId { get; set; }
    public required string FileName { get; set; }
    public ImportFormat Format { get; set; }
    /// <summary>SHA-256 of the file and the mapping, so a retry with the same key can be told from a different import.</summary>
    public required string RequestHash { get; set; }
    public int Imported { get; set; }
    public int AlreadyImported { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? IdempotencyKey { get; set; }
}

/// <summary>
/// The mark an imported bank row leaves: its key (the bank's FITID, or a fingerprint of date, amount, text and
/// occurrence) is unique per profile, so the same row never comes in twice. It lives as long as its transaction:
/// a transaction deleted by hand comes back with the next import that contains it.
/// </summary>
public sealed class ImportedTransaction
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public required string Key { get; set; }
    public long ImportId { get; set; }
    public BankImport? Import { get; set; }
    public long TransactionId { get; set; }
    public Transaction? Transaction { get; set; }
}

/// <summary>A CSV mapping the user confirmed, proposed again for files with the same header.</summary>
public sealed class ImportMapping
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    /// <summary>SHA-256 of the delimiter and the normalised header (or of the column count, without a header).</summary>
    public required string Fingerprint { get; set; }
    public string? BankName { get; set; }
    /// <summary>The column names, one per line.</summary>
    public required string Columns { get; set; }
    public required string Delimiter { get; set; }
    public int SkipLines { get; set; }
    public bool FirstRowIsHeader { get; set; }
    public int DateColumn { get; set; }
    public required string DateFormat { get; set; }
    public required string DecimalSeparator { get; set; }
    public int? AmountColumn { get; set; }
    public int? DebitColumn { get; set; }
    public int? CreditColumn { get; set; }
    public int? PayeeColumn { get; set; }
    public int? DescriptionColumn { get; set; }
    public DateTime UpdatedAt { get; set; }

    public CsvMapping ToCsvMapping() => new(
        Delimiter, SkipLines, FirstRowIsHeader, DateColumn, DateFormat, DecimalSeparator, AmountColumn, DebitColumn, CreditColumn, PayeeColumn, DescriptionColumn);

    public void Set(CsvMapping mapping)
    {
        Delimiter = mapping.Delimiter;
        SkipLines = mapping.SkipLines;
        FirstRowIsHeader = mapping.FirstRowIsHeader;
        DateColumn = mapping.DateColumn;
        DateFormat = mapping.DateFormat;
        DecimalSeparator = mapping.DecimalSeparator;
        AmountColumn = mapping.AmountColumn;
        DebitColumn = mapping.DebitColumn;
        CreditColumn = mapping.CreditColumn;
        PayeeColumn = mapping.PayeeColumn;
        DescriptionColumn = mapping.DescriptionColumn;
    }
}
