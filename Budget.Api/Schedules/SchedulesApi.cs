using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Schedules;

public static class SchedulesApi
{
    public const int DefaultUpcomingDays = 30;

    public static RouteGroupBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        app.MapProfileGroup("upcoming").WithTags("Schedules").MapGet("/", Upcoming);

        var group = app.MapProfileGroup("budgets/{budgetId:long}/schedules").WithTags("Schedules");
        group.MapGet("/", List);
        group.MapGet("/{scheduleId:long}", Get).WithName("GetSchedule");
        group.MapPost("/", Create);
        group.MapPut("/{scheduleId:long}", Update);
        group.MapDelete("/{scheduleId:long}", Delete);
        return group;
    }

    public static IServiceCollection AddRecurringTransactions(this IServiceCollection services)
    {
        services.AddSingleton<RecurringTransactions>();
        if (!OpenApiBuild.IsRunning)
        {
            services.AddHostedService<RecurringTransactionsService>();
        }
        return services;
    }

    private static async Task<Results<Ok<ScheduleResponse[]>, NotFound>> List(
        long profileId, long budgetId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        if (!await BudgetExists(db, profileId, budgetId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.BudgetId == budgetId).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(schedules.Select(s => ScheduleResponse.From(s, user.Currency)).ToArray());
    }

    private static async Task<Results<Ok<ScheduleResponse>, NotFound>> Get(
        long profileId, long budgetId, long scheduleId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var schedule = await Owned(db, profileId, budgetId, scheduleId).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return schedule is null ? TypedResults.NotFound() : TypedResults.Ok(ScheduleResponse.From(schedule, user.Currency));
    }

    /// <summary>
    /// Adds a schedule and at once creates the transactions of its occurrences up to today (in the household's time
    /// zone). With an <c>Idempotency-Key</c> header a retry answers the schedule the first attempt created.
    /// </summary>
    private static async Task<Results<CreatedAtRoute<ScheduleResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Create(
        long profileId, long budgetId, ScheduleRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        CurrentUser user, BudgetDbContext db, HouseholdTime household, RecurringTransactions recurring, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var today = household.Today();
        var validator = new Validator(user.Currency);
        var schedule = new Schedule { BudgetId = budgetId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        Apply(request, schedule, validator);
        if (request.StartDate < today.AddDays(-Limits.ScheduleCatchUpDays))
        {
            validator.Error("startDate", $"Must be at most {Limits.ScheduleCatchUpDays} days ago.");
        }
        schedule.IdempotencyKey = IdempotencyKeys.Parse(validator, idempotencyKey);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        if (!await BudgetExists(db, profileId, budgetId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        // A retry is answered before the limit is checked: the schedule it asks for already counts against it.
        var sameBudget = db.Schedules.Where(s => s.BudgetId == budgetId);
        if (await IdempotencyKeys.EarlierAsync(sameBudget, schedule.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Answer(earlier, schedule, profileId, user.Currency);
        }
        if (await db.Schedules.CountAsync(s => db.Budgets.Any(b => b.Id == s.BudgetId && b.ProfileId == profileId), cancellationToken) >= Limits.SchedulesPerProfile)
        {
            return Problems.Invalid("$", $"A profile can keep at most {Limits.SchedulesPerProfile} schedules.");
        }
        schedule.HandledThrough = schedule.StartDate.AddDays(-1);
        var saved = await IdempotencyKeys.SaveOnceAsync(db, sameBudget, schedule, cancellationToken);
        if (saved != schedule)
        {
            return Answer(saved, schedule, profileId, user.Currency);
        }
        await recurring.CatchUpAsync(db, saved.Id, today, cancellationToken);
        var current = await db.Schedules.AsNoTracking().SingleAsync(s => s.Id == saved.Id, cancellationToken);
        return Answer(current, schedule, profileId, user.Currency);
    }

    /// <summary>The created schedule, or the one an earlier attempt with the same key created if the request matches it.</summary>
    private static Results<CreatedAtRoute<ScheduleResponse>, NotFound, ValidationProblem, ProblemHttpResult> Answer(
        Schedule saved, Schedule requested, long profileId, Currency currency)
    {
        // Compared only while unedited: a retry that arrives after an edit answers the row as it is now.
        if (saved.Version == 1 && (saved.Rule != requested.Rule || saved.Amount != requested.Amount || saved.Note != requested.Note))
        {
            return IdempotencyKeys.Reused();
        }
        return TypedResults.CreatedAtRoute(ScheduleResponse.From(saved, currency), "GetSchedule", new { profileId, budgetId = saved.BudgetId, scheduleId = saved.Id });
    }

    /// <summary>
    /// Changes a schedule from tomorrow on: occurrences up to today are first created under the old terms, and
    /// what was created stays as it is.
    /// </summary>
    private static async Task<Results<Ok<ScheduleResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, long budgetId, long scheduleId, ScheduleRequest request, CurrentUser user, BudgetDbContext db,
        HouseholdTime household, RecurringTransactions recurring, CancellationToken cancellationToken)
    {
        // One write transaction (BEGIN IMMEDIATE) from the read to the save: the version compared on save is the one
        // read here, and an edit refused (400, 409) rolls back the catch-up with it, so it writes nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var schedule = await Owned(db, profileId, budgetId, scheduleId).SingleOrDefaultAsync(cancellationToken);
        if (schedule is null)
        {
            return TypedResults.NotFound();
        }
        // Occurrences up to today are created under the old terms, before the new ones are applied.
        var today = household.Today();
        await recurring.AddDueAsync(db, schedule, today, cancellationToken);
        var validator = new Validator(user.Currency);
        Apply(request, schedule, validator);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        // From tomorrow on (or the new start, if later): the new terms never reach back into days already handled.
        var startsAfter = schedule.StartDate.AddDays(-1);
        schedule.HandledThrough = startsAfter > today ? startsAfter : today;
        switch (await Versions.SaveAsync(db, schedule, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(schedule.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ScheduleResponse.From(schedule, user.Currency));
    }

    /// <summary>Deletes the schedule; the transactions it created stay, still marked recurring.</summary>
    private static async Task<Results<NoContent, NotFound>> Delete(long profileId, long budgetId, long scheduleId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await Owned(db, profileId, budgetId, scheduleId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>The transactions the profile's schedules will create in the next <c>days</c> (1 to 92, default 30), by date.</summary>
    private static async Task<Results<Ok<UpcomingTransaction[]>, ValidationProblem>> Upcoming(
        long profileId, string? days, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var window = validator.Range("days", validator.QueryInt("days", days) ?? DefaultUpcomingDays, 1, Limits.UpcomingDaysMax);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var today = household.Today();
        var upcoming = (await ScheduledSpending.OccurrencesAsync(db, profileId, today, today.AddDays(window), cancellationToken))
            .Select(o => new UpcomingTransaction(o.Schedule.Id, o.Schedule.BudgetId, o.BudgetName, o.Date, Money.ToMajor(o.Schedule.Amount, user.Currency), o.Schedule.Note))
            .ToArray();
        return TypedResults.Ok(upcoming);
    }

    /// <summary>The rules of a schedule, for this route and for a restored backup.</summary>
    internal static void Apply(ScheduleRequest request, Schedule schedule, Validator validator)
    {
        schedule.Amount = validator.Money("amount", request.Amount, AmountRule.NonZero);
        schedule.Note = validator.OptionalText("note", request.Note, Limits.NoteLength);
        schedule.Frequency = validator.Defined("frequency", request.Frequency);
        schedule.Interval = validator.Range("interval", request.Interval, 1, Limits.ScheduleIntervalMax);
        schedule.StartDate = validator.Date("startDate", request.StartDate);
        schedule.EndDate = request.EndDate is { } end ? validator.Date("endDate", end) : null;
        if (request.EndDate < request.StartDate)
        {
            validator.Error("endDate", "Must not be before startDate.");
        }

        var weekly = request.Frequency == Frequency.Weekly;
        var yearly = request.Frequency == Frequency.Yearly;
        schedule.Weekday = Only(validator, "weekday", request.Weekday, weekly, "a weekly");
        if (schedule.Weekday is { } weekday)
        {
            validator.Defined("weekday", weekday);
        }
        schedule.Month = Only(validator, "month", request.Month, yearly, "a yearly");
        if (schedule.Month is { } month)
        {
            validator.Range("month", month, 1, 12);
        }
        schedule.DayOfMonth = Only(validator, "dayOfMonth", request.DayOfMonth, !weekly && Enum.IsDefined(request.Frequency), "a monthly or yearly");
        if (schedule.DayOfMonth is { } day)
        {
            // A yearly date must exist in some year: 29 February does (and falls on the 28th in other years), 30 February does not.
            var longest = yearly && request.Month is >= 1 and <= 12 ? DateTime.DaysInMonth(2000, request.Month.Value) : 31;
            validator.Range("dayOfMonth", day, 1, longest);
        }
    }

    /// <summary>A field only some frequencies take: required for them, refused for the others.</summary>
    private static T? Only<T>(Validator validator, string field, T? value, bool taken, string which) where T : struct
    {
        if (taken && value is null)
        {
            validator.Error(field, $"Required for {which} schedule.");
        }
        else if (!taken && value is not null)
        {
            validator.Error(field, $"Only {which} schedule takes a {field}.");
            return null;
        }
        return value;
    }

    private static IQueryable<Schedule> Owned(BudgetDbContext db, long profileId, long budgetId, long scheduleId) =>
        db.Schedules.Where(s => s.Id == scheduleId && s.BudgetId == budgetId && db.Budgets.Any(b => b.Id == budgetId && b.ProfileId == profileId));

    private static Task<bool> BudgetExists(BudgetDbContext db, long profileId, long budgetId, CancellationToken cancellationToken) =>
        db.Budgets.AnyAsync(b => b.Id == budgetId && b.ProfileId == profileId, cancellationToken);
}
