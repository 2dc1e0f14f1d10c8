using Budget.Api.Alerts;
using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Budgets;

public static class TransactionsApi
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1_000;
    public const string TotalCountHeader = "X-Total-Count";

    public static RouteGroupBuilder MapTransactionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("budgets/{budgetId:long}/transactions").WithTags("Transactions");
        group.MapGet("/", List);
        group.MapGet("/{transactionId:long}", Get).WithName("GetTransaction");
        group.MapPost("/", Create);
        group.MapDelete("/{transactionId:long}", Delete);
        return group;
    }

    /// <summary>Newest first; <c>from</c>/<c>to</c> are inclusive dates; <c>limit</c> (1 to 1000, default 100) and <c>offset</c> page. The total is in X-Total-Count.</summary>
    private static async Task<Results<Ok<TransactionResponse[]>, NotFound, ValidationProblem>> List(
        long profileId, long budgetId, string? from, string? to, string? limit, string? offset,
        CurrentUser user, BudgetDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var pageSize = validator.QueryInt("limit", limit);
        var skip = validator.QueryInt("offset", offset);
        var fromDate = Dates.ParseQuery(validator, "from", from) ?? Dates.Earliest;
        var toDate = Dates.ParseQuery(validator, "to", to) ?? Dates.Latest;
        if (fromDate > toDate)
        {
            validator.Error("to", "Must not be before from.");
        }
        if (pageSize < 1)
        {
            validator.Error("limit", $"Must be between 1 and {MaxPageSize}.");
        }
        if (skip < 0)
        {
            validator.Error("offset", "Must not be negative.");
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        if (!await BudgetExists(db, profileId, budgetId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var matching = db.Transactions.AsNoTracking().Where(t => t.BudgetId == budgetId && t.Date >= fromDate && t.Date <= toDate);
        http.Response.Headers[TotalCountHeader] = (await matching.CountAsync(cancellationToken)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = await matching
            .OrderByDescending(t => t.Date).ThenByDescending(t => t.Id)
            .Skip(skip ?? 0).Take(Math.Min(pageSize ?? DefaultPageSize, MaxPageSize))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.Select(t => TransactionResponse.From(t, user.Currency)).ToArray());
    }

    private static async Task<Results<Ok<TransactionResponse>, NotFound>> Get(
        long profileId, long budgetId, long transactionId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Transactions.AsNoTracking()
            .Where(t => t.Id == transactionId && t.BudgetId == budgetId && db.Budgets.Any(b => b.Id == budgetId && b.ProfileId == profileId))
            .SingleOrDefaultAsync(cancellationToken);
        return transaction is null ? TypedResults.NotFound() : TypedResults.Ok(TransactionResponse.From(transaction, user.Currency));
    }

    /// <summary>
    /// Adds a transaction. With an <c>Idempotency-Key</c> header, a retry (same key, same budget) answers the
    /// transaction the first attempt created, even across a crash; the same key with a different body is 409.
    /// </summary>
    private static async Task<Results<CreatedAtRoute<TransactionResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Create(
        long profileId, long budgetId, TransactionRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        CurrentUser user, BudgetDbContext db, TimeProvider clock, HouseholdTime household, Alerting alerting, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var transaction = new Transaction
        {
            BudgetId = budgetId,
            Amount = validator.Money("amount", request.Amount, AmountRule.NonZero),
            Date = validator.Date("date", request.Date),
            Note = validator.OptionalText("note", request.Note, Limits.NoteLength),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            IdempotencyKey = IdempotencyKeys.Parse(validator, idempotencyKey),
        };
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        // Loaded once: it is the ownership check, and what the alerts after the write are about.
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == budgetId && b.ProfileId == profileId, cancellationToken);
        if (budget is null)
        {
            return TypedResults.NotFound();
        }
        // A retry is answered before the bound is checked: the row it asks for is already counted in it.
        var sameBudget = db.Transactions.Where(t => t.BudgetId == budgetId);
        if (await IdempotencyKeys.EarlierAsync(sameBudget, transaction.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Answer(earlier, transaction, profileId, user.Currency);
        }
        if (!await GrossBound.AllowsAsync(db, budgetId, Math.Abs(transaction.Amount), user.Currency, cancellationToken))
        {
            return Problems.Invalid("amount", GrossBound.Exceeded);
        }
        var saved = await IdempotencyKeys.SaveOnceAsync(db, sameBudget, transaction, cancellationToken);
        // Summed after the write (so it counts whatever else was written meanwhile too), by alerting, which never fails the saved write.
        await alerting.CheckBudgetAsync(db, budget, household.Today(), cancellationToken);
        return Answer(saved, transaction, profileId, user.Currency);
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long profileId, long budgetId, long transactionId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Transactions
            .Where(t => t.Id == transactionId && t.BudgetId == budgetId && db.Budgets.Any(b => b.Id == budgetId && b.ProfileId == profileId))
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>The created transaction, or the one an earlier attempt with the same key created if the request matches it.</summary>
    private static Results<CreatedAtRoute<TransactionResponse>, NotFound, ValidationProblem, ProblemHttpResult> Answer(
        Transaction earlier, Transaction retry, long profileId, Currency currency)
    {
        if (earlier != retry && (earlier.Amount != retry.Amount || earlier.Date != retry.Date || earlier.Note != retry.Note))
        {
            return Problems.Conflict($"This {IdempotencyKeys.Header} was already used for a different transaction.");
        }
        return TypedResults.CreatedAtRoute(
            TransactionResponse.From(earlier, currency), "GetTransaction", new { profileId, budgetId = earlier.BudgetId, transactionId = earlier.Id });
    }

    private static Task<bool> BudgetExists(BudgetDbContext db, long profileId, long budgetId, CancellationToken cancellationToken) =>
        db.Budgets.AnyAsync(b => b.Id == budgetId && b.ProfileId == profileId, cancellationToken);
}
