using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace Budget.Api.Imports;

/// <summary>
/// Bank exports into a budget: a preview (what the file holds, how a CSV is read, which rows are new), then the
/// import, which writes every new row in one database transaction or nothing at all.
/// </summary>
public static class ImportsApi
{
    public static RouteGroupBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("imports").WithTags("Imports");
        // A file upload, not JSON: ASP.NET keeps a form file above 64 KiB in a temporary file instead of on the heap.
        // No antiforgery token: the API authenticates with a bearer header, which a cross-site form cannot send.
        group.MapPost("/preview", Preview).WithRequestBodyLimit(Limits.ImportRequestBytes).DisableAntiforgery().DescribeUpload(withBudget: false);
        group.MapPost("/", Create).WithRequestBodyLimit(Limits.ImportRequestBytes).DisableAntiforgery().DescribeUpload(withBudget: true);
        group.MapGet("/", List);
        group.MapGet("/{importId:long}", Get).WithName("GetImport");

        var mappings = app.MapProfileGroup("import-mappings").WithTags("Imports");
        mappings.MapGet("/", ListMappings);
        mappings.MapDelete("/{mappingId:long}", DeleteMapping);
        return group;
    }

    /// <summary>The upload's fields by name: the generated document names the file but not the text fields beside it.</summary>
    private static RouteHandlerBuilder DescribeUpload(this RouteHandlerBuilder route, bool withBudget) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "file" },
                Properties = new Dictionary<string, IOpenApiSchema>(),
            };
            if (withBudget)
            {
                schema.Properties["budgetId"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
                schema.Required.Add("budgetId");
            }
            schema.Properties["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The bank export, as the bank wrote it." };
            schema.Properties["mapping"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "For CSV: a CsvMapping as JSON; left out, one is proposed." };
            schema.Properties["bankName"] = new OpenApiSchema { Type = JsonSchemaType.String };
            operation.RequestBody!.Content!["multipart/form-data"].Schema = schema;
            return Task.CompletedTask;
        });

    /// <summary>
    /// Reads a bank export without importing it: its format, for CSV the columns and the mapping proposed (remembered
    /// for this header, or guessed), each row as it would be imported and whether it is already there, and the lines
    /// that cannot be read. A file whose structure is broken is a 400 naming the line. The file comes as an upload
    /// (<c>multipart/form-data</c>, in <c>file</c>: at most 1 MiB, less on a small server, see
    /// <c>GET /api/account/upload-limits</c>); its name tells the format when the content does not. For CSV,
    /// <c>mapping</c> (a <see cref="CsvMapping"/> as JSON) overrides the proposed one and <c>bankName</c> labels the
    /// mapping remembered for this header.
    /// </summary>
    private static async Task<Results<Ok<ImportPreviewResponse>, ValidationProblem>> Preview(
        long profileId, IFormFile? file, [FromForm] string? mapping, [FromForm] string? bankName, HttpRequest request,
        CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var (upload, fileName) = CheckFile(validator, file);
        var csvMapping = ParseMapping(validator, mapping);
        var name = validator.OptionalText("bankName", bankName, Limits.NameLength);
        RefuseOtherFields(validator, request, "file", "mapping", "bankName");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var bank = await ReadAsync(profileId, fileName, upload!, csvMapping, name, user.Currency, db, validator, cancellationToken);
        if (bank is null)
        {
            return validator.Problem();
        }
        if (bank.Broken is { } broken)
        {
            return LineProblems([broken]);
        }
        var keyed = Keyed(bank.Rows);
        var existing = await ExistingKeysAsync(db, profileId, keyed, cancellationToken);
        var rows = keyed.Select(k => new ImportRowResponse(
            k.Row.Line, k.Row.Date, Money.ToMajor(k.Row.Amount, user.Currency), k.Row.Note, k.Repeated || existing.Contains(k.Key))).ToArray();
        return TypedResults.Ok(new ImportPreviewResponse(
            bank.Format,
            bank.Csv,
            rows,
            rows.Count(r => !r.AlreadyImported),
            rows.Count(r => r.AlreadyImported),
            bank.Problems.Select(p => new ImportProblemResponse(p.Line, p.Field, p.Message)).ToArray(),
            bank.ProblemCount));
    }

    /// <summary>
    /// Imports the file into <c>budgetId</c> (the upload's other fields are those of the preview): the rows not
    /// imported before become transactions, all in one database transaction. Any unreadable line refuses the whole
    /// file (400 naming each line and field) and writes nothing. A CSV's mapping is remembered for files with the same
    /// header. With an <c>Idempotency-Key</c>, a retry answers the first import.
    /// </summary>
    private static async Task<Results<CreatedAtRoute<ImportResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Create(
        long profileId, [FromForm(Name = "budgetId")] string? budget, IFormFile? file, [FromForm] string? mapping, [FromForm] string? bankName,
        [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, HttpRequest request,
        CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        // Bound as text, so that a missing or malformed id is a 400 naming budgetId like every other field.
        var budgetId = validator.Id("budgetId", budget);
        var (upload, fileName) = CheckFile(validator, file);
        var csvMapping = ParseMapping(validator, mapping);
        var name = validator.OptionalText("bankName", bankName, Limits.NameLength);
        RefuseOtherFields(validator, request, "budgetId", "file", "mapping", "bankName");
        var key = IdempotencyKeys.Parse(validator, idempotencyKey);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        if (!await db.Budgets.AnyAsync(b => b.Id == budgetId && b.ProfileId == profileId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var requestHash = RequestHash(upload!, budgetId, fileName, csvMapping, name);
        var sameProfile = db.BankImports.Where(i => i.ProfileId == profileId);
        if (await IdempotencyKeys.EarlierAsync(sameProfile, key, cancellationToken) is { } earlier)
        {
            return Answer(earlier, requestHash, profileId);
        }

        var bank = await ReadAsync(profileId, fileName, upload!, csvMapping, name, user.Currency, db, validator, cancellationToken);
        if (bank is null)
        {
            return validator.Problem();
        }
        if (bank.Broken is { } broken)
        {
            return LineProblems([broken]);
        }
        if (bank.Problems.Count > 0)
        {
            return LineProblems(bank.Problems);
        }

        var keyed = Keyed(bank.Rows);
        var existing = await ExistingKeysAsync(db, profileId, keyed, cancellationToken);
        var fresh = keyed.Where(k => !k.Repeated && !existing.Contains(k.Key)).ToList();
        if (!await GrossBound.AllowsAsync(db, budgetId, GrossBound.SizeOf(fresh.Select(k => k.Row.Amount)), user.Currency, cancellationToken))
        {
            return Problems.Invalid("budgetId", GrossBound.Exceeded);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var import = new BankImport
        {
            ProfileId = profileId,
            BudgetId = budgetId,
            FileName = fileName,
            Format = bank.Format,
            RequestHash = requestHash,
            Imported = fresh.Count,
            AlreadyImported = keyed.Count - fresh.Count,
            CreatedAt = now,
            IdempotencyKey = key,
        };
        try
        {
            // One database transaction, saved in chunks with the change tracker emptied between them: tracking all of
            // a 5,000-row file at once took ~30 MiB, far more than the 16 MiB heap holds (bench/README.md).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.BankImports.Add(import);
            if (bank.Csv is { } csv)
            {
                await RememberAsync(db, profileId, csv, name, now, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var chunk in fresh.Chunk(ImportChunkRows))
            {
                db.ChangeTracker.Clear();
                foreach (var row in chunk)
                {
                    var added = new Transaction { BudgetId = budgetId, Amount = row.Row.Amount, Date = row.Row.Date, Note = row.Row.Note, CreatedAt = now };
                    db.ImportedTransactions.Add(new ImportedTransaction { ProfileId = profileId, Key = row.Key, ImportId = import.Id, Transaction = added });
                }
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await IdempotencyKeys.EarlierAsync(sameProfile, key, cancellationToken) is { } winner)
            {
                return Answer(winner, requestHash, profileId);
            }
            // Another import with some of the same rows committed first: the unique key kept them single.
            return Problems.Conflict("Some of these rows were imported by another request at the same moment. Preview the file again.");
        }
        return Answer(import, requestHash, profileId);
    }

    /// <summary>The most recent imports, newest first.</summary>
    private static async Task<Ok<ImportResponse[]>> List(long profileId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var imports = await db.BankImports.AsNoTracking().Where(i => i.ProfileId == profileId)
            .OrderByDescending(i => i.Id).Take(100).ToListAsync(cancellationToken);
        return TypedResults.Ok(imports.Select(ImportResponse.From).ToArray());
    }

    private static async Task<Results<Ok<ImportResponse>, NotFound>> Get(long profileId, long importId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var import = await db.BankImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == importId && i.ProfileId == profileId, cancellationToken);
        return import is null ? TypedResults.NotFound() : TypedResults.Ok(ImportResponse.From(import));
    }

    /// <summary>The CSV mappings remembered in this profile, most recently used first.</summary>
    private static async Task<Ok<ImportMappingResponse[]>> ListMappings(long profileId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var mappings = await db.ImportMappings.AsNoTracking().Where(m => m.ProfileId == profileId)
            .OrderByDescending(m => m.UpdatedAt).ThenByDescending(m => m.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(mappings.Select(ImportMappingResponse.From).ToArray());
    }

    private static async Task<Results<NoContent, NotFound>> DeleteMapping(long profileId, long mappingId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.ImportMappings.Where(m => m.Id == mappingId && m.ProfileId == profileId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>The uploaded file and its name (the upload's own), with what is wrong recorded under <c>file</c>.</summary>
    private static (IFormFile? File, string FileName) CheckFile(Validator validator, IFormFile? file)
    {
        if (file is null)
        {
            validator.Error("file", "Choose a bank file.");
            return (null, "");
        }
        var fileName = validator.Text("file", file.FileName, Limits.FileNameLength);
        if (file.Length == 0)
        {
            validator.Error("file", "The file is empty.");
        }
        else if (file.Length > Limits.ImportFileBytes)
        {
            validator.Error("file", $"The file is larger than {Limits.ImportFileBytes / 1024} KiB, the most this server can read at once; import it in parts.");
        }
        return (file, fileName);
    }

    /// <summary>A field the upload does not take is refused by name, as an unknown member of a JSON body is.</summary>
    private static void RefuseOtherFields(Validator validator, HttpRequest request, params string[] fields)
    {
        foreach (var name in request.Form.Keys.Concat(request.Form.Files.Select(f => f.Name)).Distinct())
        {
            if (!fields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                validator.Error(name, "This upload has no such field.");
            }
        }
    }

    /// <summary>The <c>mapping</c> field: a <see cref="CsvMapping"/> as JSON, or nothing to have one proposed.</summary>
    private static CsvMapping? ParseMapping(Validator validator, string? mapping)
    {
        if (string.IsNullOrWhiteSpace(mapping))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(mapping, AppJsonContext.Default.CsvMapping) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            validator.Error("mapping", "Must be a CSV mapping as JSON, as the preview proposes it.");
            return null;
        }
    }

    /// <summary>The file's rows, or null with the reason recorded in <paramref name="validator"/>.</summary>
    private static async Task<ParsedBankFile?> ReadAsync(
        long profileId, string fileName, IFormFile upload, CsvMapping? mapping, string? bankName, Currency currency,
        BudgetDbContext db, Validator validator, CancellationToken cancellationToken)
    {
        if (BankFile.Open(upload.OpenReadStream) is not { } text)
        {
            validator.Error("file", "This is not a text file; banks export CSV, OFX, QFX and QIF as text.");
            return null;
        }
        if (BankFile.Detect(fileName, text.Head) is not { } format)
        {
            validator.Error("file", "PDF and spreadsheet statements cannot be read; export CSV, OFX, QFX or QIF from your bank.");
            return null;
        }
        var file = new ParsedBankFile(format);
        if (format != ImportFormat.Csv && mapping is not null)
        {
            validator.Error("mapping", $"Only CSV files take a mapping; this is {format.ToString().ToUpperInvariant()}.");
            return null;
        }
        switch (format)
        {
            // Read whole: OFX and QIF are documents rather than tables, and not what the bench measured (bench/README.md).
            case ImportFormat.Ofx:
                OfxBankFile.Read(text.ReadAll(), currency, file);
                break;
            case ImportFormat.Qif:
                QifBankFile.Read(text.ReadAll(), currency, file);
                break;
            default:
                return await ReadCsvAsync(profileId, text, mapping, bankName, currency, db, validator, file, cancellationToken);
        }
        return file;
    }

    private static async Task<ParsedBankFile?> ReadCsvAsync(
        long profileId, BankText text, CsvMapping? mapping, string? bankName, Currency currency,
        BudgetDbContext db, Validator validator, ParsedBankFile file, CancellationToken cancellationToken)
    {
        if (mapping is not null && !CsvBankFile.Delimiters.Contains(mapping.Delimiter))
        {
            validator.Error("mapping.delimiter", "Must be one of ; , | or a tab.");
            return null;
        }
        var delimiter = mapping?.Delimiter[0] ?? CsvBankFile.DetectDelimiter(text.Head);
        CsvBankFile.Table table;
        using (var reader = text.Reader())
        {
            table = CsvBankFile.ReadTable(reader, delimiter, file, Limits.ImportRows + 50);
        }
        if (file.Broken is not null)
        {
            return file;
        }
        if (table.Count == 0)
        {
            file.Broken = new LineProblem(1, "file", "The file has no rows.");
            return file;
        }

        CsvMapping chosen;
        MappingSource source;
        var label = bankName;
        if (mapping is not null)
        {
            if (!Check(validator, mapping, table))
            {
                return null;
            }
            (chosen, source) = (mapping, MappingSource.Given);
        }
        else
        {
            var (skipLines, firstRowIsHeader) = CsvBankFile.DetectShape(table, text);
            var fingerprint = CsvBankFile.Fingerprint(delimiter, CsvBankFile.Columns(table, text, skipLines, firstRowIsHeader), firstRowIsHeader);
            var remembered = await db.ImportMappings.AsNoTracking()
                .Where(m => m.ProfileId == profileId && (m.Fingerprint == fingerprint || (bankName != null && m.BankName == bankName)))
                .OrderBy(m => m.Fingerprint == fingerprint ? 0 : 1).ThenByDescending(m => m.UpdatedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (remembered is not null && Check(new Validator(currency), remembered.ToCsvMapping(), table))
            {
                (chosen, source) = (remembered.ToCsvMapping(), MappingSource.Remembered);
                label ??= remembered.BankName;
            }
            else
            {
                (chosen, source) = (CsvBankFile.DetectMapping(table, text, skipLines, firstRowIsHeader), MappingSource.Detected);
            }
        }
        var columns = CsvBankFile.Columns(table, text, chosen.SkipLines, chosen.FirstRowIsHeader);
        file.Csv = new CsvLayout(columns, chosen, source, label, [.. LocalAmounts.DateFormats.Keys]);
        CsvBankFile.ReadRows(text, chosen, columns.Length, currency, file);
        return file;
    }

    /// <summary>A mapping fits the file: its columns exist, and it reads amounts one way only.</summary>
    private static bool Check(Validator validator, CsvMapping mapping, CsvBankFile.Table table)
    {
        if (mapping.Delimiter[0] != table.Delimiter)
        {
            validator.Error("mapping.delimiter", "Does not match the file.");
            return false;
        }
        if (mapping.SkipLines < 0 || mapping.SkipLines >= table.Count)
        {
            validator.Error("mapping.skipLines", $"Must be between 0 and {table.Count - 1}: the file has {table.Count} rows.");
            return false;
        }
        var width = table.Widths[mapping.SkipLines];
        void Column(string field, int? column)
        {
            if (column is { } c && (c < 0 || c >= width))
            {
                validator.Error($"mapping.{field}", $"Must be a column from 0 to {width - 1}.");
            }
        }
        Column("dateColumn", mapping.DateColumn);
        Column("amountColumn", mapping.AmountColumn);
        Column("debitColumn", mapping.DebitColumn);
        Column("creditColumn", mapping.CreditColumn);
        Column("payeeColumn", mapping.PayeeColumn);
        Column("descriptionColumn", mapping.DescriptionColumn);
        if (!LocalAmounts.DateFormats.ContainsKey(mapping.DateFormat))
        {
            validator.Error("mapping.dateFormat", $"Must be one of {string.Join(", ", LocalAmounts.DateFormats.Keys)}.");
        }
        if (mapping.DecimalSeparator is not ("," or "."))
        {
            validator.Error("mapping.decimalSeparator", "Must be \",\" or \".\".");
        }
        if ((mapping.AmountColumn is null) == (mapping.DebitColumn is null && mapping.CreditColumn is null))
        {
            validator.Error("mapping.amountColumn", "Name either the amount column or the debit and credit columns.");
        }
        var money = new[] { mapping.AmountColumn, mapping.DebitColumn, mapping.CreditColumn }.OfType<int>().ToList();
        if (money.Contains(mapping.DateColumn) || money.Distinct().Count() != money.Count)
        {
            validator.Error("mapping.amountColumn", "The date, amount, debit and credit columns must all differ.");
        }
        return validator.IsValid;
    }

    /// <summary>Remembers the confirmed CSV mapping for files with this header, keeping the most recently used.</summary>
    private static async Task RememberAsync(BudgetDbContext db, long profileId, CsvLayout csv, string? bankName, DateTime now, CancellationToken cancellationToken)
    {
        var fingerprint = CsvBankFile.Fingerprint(csv.Mapping.Delimiter[0], csv.Columns, csv.Mapping.FirstRowIsHeader);
        var mapping = await db.ImportMappings.SingleOrDefaultAsync(m => m.ProfileId == profileId && m.Fingerprint == fingerprint, cancellationToken);
        if (mapping is null)
        {
            var oldest = await db.ImportMappings.Where(m => m.ProfileId == profileId)
                .OrderByDescending(m => m.UpdatedAt).ThenByDescending(m => m.Id)
                .Skip(Limits.ImportMappingsPerProfile - 1).ToListAsync(cancellationToken);
            db.ImportMappings.RemoveRange(oldest);
            mapping = new ImportMapping
            {
                ProfileId = profileId, Fingerprint = fingerprint, Columns = "", Delimiter = "", DateFormat = "", DecimalSeparator = "",
            };
            db.ImportMappings.Add(mapping);
        }
        mapping.Set(csv.Mapping);
        mapping.Columns = string.Join('\n', csv.Columns.Select(c => c.Replace('\n', ' ')));
        mapping.BankName = bankName ?? mapping.BankName;
        mapping.UpdatedAt = now;
    }

    /// <summary>
    /// Rows saved at a time. EF sorts and batches a chunk's commands all at once (two per row); with two 1,400-row imports
    /// at once, chunks of 500 ran the 16 MiB heap out 6 times in 8, chunks of 100 never in 16 (bench/README.md).
    /// </summary>
    private const int ImportChunkRows = 100;

    private sealed record KeyedRow(BankRow Row, string Key, bool Repeated);

    /// <summary>
    /// The key each row is known by: the bank's own id when it gives one, else a fingerprint of date, amount, text and
    /// how many identical rows came before it in the file (two coffees on one day stay two, in every later export too).
    /// </summary>
    private static List<KeyedRow> Keyed(List<BankRow> rows)
    {
        var occurrences = new Dictionary<string, int>();
        var seen = new HashSet<string>();
        var keyed = new List<KeyedRow>(rows.Count);
        foreach (var row in rows)
        {
            string key;
            if (row.BankId is { } bankId)
            {
                key = bankId.Length <= 200 ? bankId : "id:" + Hash(bankId);
            }
            else
            {
                var text = string.Join(' ', (row.Note ?? "").ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                var identity = $"{row.Date:yyyy-MM-dd}|{row.Amount}|{text}";
                occurrences[identity] = occurrences.GetValueOrDefault(identity) + 1;
                key = "row:" + Hash($"{identity}|{occurrences[identity]}");
            }
            // A bank id twice in one file is one transaction listed twice.
            keyed.Add(new KeyedRow(row, key, !seen.Add(key)));
        }
        return keyed;
    }

    private static async Task<HashSet<string>> ExistingKeysAsync(BudgetDbContext db, long profileId, List<KeyedRow> rows, CancellationToken cancellationToken)
    {
        var keys = rows.Select(r => r.Key).Distinct().ToList();
        var existing = new HashSet<string>();
        foreach (var chunk in keys.Chunk(500))
        {
            existing.UnionWith(await db.ImportedTransactions.Where(i => i.ProfileId == profileId && chunk.Contains(i.Key)).Select(i => i.Key).ToListAsync(cancellationToken));
        }
        return existing;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string RequestHash(IFormFile upload, long budgetId, string fileName, CsvMapping? mapping, string? bankName)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var content = upload.OpenReadStream())
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        hash.AppendData(Encoding.UTF8.GetBytes($"\n{budgetId}\n{fileName}\n{mapping}\n{bankName}"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static Results<CreatedAtRoute<ImportResponse>, NotFound, ValidationProblem, ProblemHttpResult> Answer(BankImport import, string requestHash, long profileId)
    {
        if (import.RequestHash != requestHash)
        {
            return IdempotencyKeys.Reused();
        }
        return TypedResults.CreatedAtRoute(ImportResponse.From(import), "GetImport", new { profileId, importId = import.Id });
    }

    /// <summary>A 400 naming each line and field at fault (<c>lines[7].amount</c>), the first of them in the detail.</summary>
    private static ValidationProblem LineProblems(IReadOnlyList<LineProblem> problems)
    {
        var errors = problems
            .GroupBy(p => p.Field == "file" ? $"lines[{p.Line}]" : $"lines[{p.Line}].{p.Field}")
            .ToDictionary(g => g.Key, g => g.Select(p => $"Line {p.Line}: {p.Message}").ToArray());
        var first = problems[0];
        var detail = first.Field == "file"
            ? $"Line {first.Line}: {first.Message} Nothing was imported."
            : $"Line {first.Line} ({first.Field}): {first.Message} Nothing was imported.";
        return TypedResults.ValidationProblem(errors, detail);
    }
}
