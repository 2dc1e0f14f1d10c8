using Budget.Api.Sharing;
using Budget.Api.Schedules;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Goals;
using Budget.Api.Profiles;
using Budget.Api.Sankey;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Exports;

/// <summary>
/// Recreates an <see cref="AccountBackup"/> in the caller's account: new ids, the same content and creation dates.
/// The whole file is checked first with the rules the normal routes apply (each error named by its JSON path, such
/// as <c>profiles[0].budgets[2].transactions[5].amount</c>), then written in one database transaction: all or nothing.
/// It adds profiles and never deletes: the backup's own profile goes into this account's own profile only while
/// that one is empty (a fresh account), and otherwise becomes one more profile.
/// </summary>
public static class AccountRestore
{
    private const int MaxReportedErrors = 100;
    private const int BatchSize = 500;

    public static async Task<Results<Ok<RestoreResponse>, ValidationProblem>> RestoreAsync(
        AccountBackup backup, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var currency = user.Currency;
        var validator = new Validator(currency);
        Check(backup, validator, currency);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        // BEGIN IMMEDIATE: the counts checked below cannot change before the commit.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ownProfile = await db.Profiles.SingleAsync(p => p.UserId == user.Id && p.IsOwner, cancellationToken);
        var intoOwnProfile = backup.Profiles.Any(p => p.IsOwner) && await IsEmptyAsync(db, ownProfile.Id, cancellationToken);
        var existing = await db.Profiles.CountAsync(p => p.UserId == user.Id, cancellationToken);
        if (existing + backup.Profiles.Length - (intoOwnProfile ? 1 : 0) > Limits.ProfilesPerUser)
        {
            return Problems.Invalid("profiles", $"An account can keep at most {Limits.ProfilesPerUser} profiles; this one has {existing} and the backup would add {backup.Profiles.Length - (intoOwnProfile ? 1 : 0)}.");
        }

        var scratch = new Validator(currency);
        var restored = new List<RestoreProfile>();
        int nodes = 0, flows = 0, budgets = 0, transactions = 0, goals = 0;
        foreach (var source in backup.Profiles)
        {
            Profile profile;
            if (source.IsOwner && intoOwnProfile)
            {
                profile = ownProfile;
                ToProfile(source, scratch, 0, profile);
            }
            else
            {
                // CreateFor: the profile keeps the owner's currency and has its owner as a member, as every profile does.
                // The change tracker is cleared between batches, so the owner is read again for each new profile.
                var owner = await db.Users.SingleAsync(u => u.Id == user.Id, cancellationToken);
                profile = Profile.CreateFor(owner, "", "", isOwner: false, Utc(source.CreatedAt));
                ToProfile(source, scratch, 0, profile);
                db.Profiles.Add(profile);
            }
            await db.SaveChangesAsync(cancellationToken);
            restored.Add(new RestoreProfile(profile.Id, profile.Name, profile == ownProfile));

            var nodeIds = new Dictionary<long, Node>();
            foreach (var node in source.Nodes ?? [])
            {
                var row = ToNode(node, scratch);
                row.ProfileId = profile.Id;
                nodeIds[node.Id] = row;
                db.Nodes.Add(row);
            }
            await db.SaveChangesAsync(cancellationToken);
            nodes += nodeIds.Count;
            foreach (var flow in source.Flows ?? [])
            {
                var row = ToFlow(flow, scratch);
                row.ProfileId = profile.Id;
                row.FromNodeId = nodeIds[flow.FromNodeId].Id;
                row.ToNodeId = nodeIds[flow.ToNodeId].Id;
                db.Flows.Add(row);
                flows++;
            }
            foreach (var goal in source.Goals ?? [])
            {
                var row = ToGoal(goal, scratch);
                row.ProfileId = profile.Id;
                row.NodeId = goal.NodeId is { } nodeId ? nodeIds[nodeId].Id : null;
                db.Goals.Add(row);
                goals++;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();

            foreach (var budget in source.Budgets ?? [])
            {
                var row = ToBudget(budget, scratch);
                row.ProfileId = profile.Id;
                db.Budgets.Add(row);
                await db.SaveChangesAsync(cancellationToken);
                budgets++;
                var scheduleIds = new Dictionary<long, Schedule>();
                foreach (var item in budget.Schedules ?? [])
                {
                    var schedule = ToSchedule(item, scratch);
                    schedule.BudgetId = row.Id;
                    scheduleIds[item.Id] = schedule;
                    db.Schedules.Add(schedule);
                }
                await db.SaveChangesAsync(cancellationToken);
                var pending = 0;
                foreach (var item in budget.Transactions ?? [])
                {
                    var spent = ToTransaction(item, scratch);
                    spent.BudgetId = row.Id;
                    spent.ScheduleId = item.ScheduleId is { } scheduleId ? scheduleIds[scheduleId].Id : null;
                    db.Transactions.Add(spent);
                    transactions++;
                    // Saved in batches and forgotten, so the change tracker never holds a whole history.
                    if (++pending == BatchSize)
                    {
                        await db.SaveChangesAsync(cancellationToken);
                        db.ChangeTracker.Clear();
                        pending = 0;
                    }
                }
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new RestoreResponse([.. restored], nodes, flows, budgets, transactions, goals));
    }

    /// <summary>Every rule, for the whole file, before anything is written. Stops listing after <see cref="MaxReportedErrors"/>.</summary>
    private static void Check(AccountBackup backup, Validator validator, Currency currency)
    {
        if (backup.Format != AccountBackup.FormatName)
        {
            validator.Error("format", $"Not a Budget account export (expected \"{AccountBackup.FormatName}\").");
            return;
        }
        if (backup.Version > AccountBackup.CurrentVersion)
        {
            validator.Error("version", $"This file was written by a newer Budget (format version {backup.Version}); this server reads up to version {AccountBackup.CurrentVersion}. Install a newer Budget, then restore it.");
            return;
        }
        if (backup.Version < 1)
        {
            validator.Error("version", "Must be 1 or more.");
            return;
        }
        if (!Common.Currency.TryGet(backup.Currency, out var fileCurrency) || fileCurrency != currency)
        {
            validator.Error("currency", $"The backup keeps amounts in {backup.Currency}, this account in {currency.Code}: restore it into an account registered with {backup.Currency}.");
            return;
        }
        if (backup.Profiles.Length > Limits.ProfilesPerUser)
        {
            validator.Error("profiles", $"An account can keep at most {Limits.ProfilesPerUser} profiles.");
            return;
        }
        if (backup.Profiles.Count(p => p.IsOwner) > 1)
        {
            validator.Error("profiles", "At most one profile is the account's own (isOwner).");
        }
        for (var i = 0; i < backup.Profiles.Length && validator.ErrorCount < MaxReportedErrors; i++)
        {
            CheckProfile(backup.Profiles[i], $"profiles[{i}]", i, validator, currency);
        }
        if (validator.ErrorCount >= MaxReportedErrors)
        {
            validator.Error("$", $"The first {MaxReportedErrors} problems are listed; there may be more.");
        }
    }

    private static void CheckProfile(BackupProfile source, string path, int index, Validator validator, Currency currency)
    {
        Item(validator, path, currency, v =>
        {
            ToProfile(source, v, index, new Profile { Name = "", AvatarColor = "", Currency = currency.Code });
            return true;
        });

        var nodes = source.Nodes ?? [];
        if (nodes.Length > Limits.NodesPerProfile)
        {
            validator.Error($"{path}.nodes", $"A profile can keep at most {Limits.NodesPerProfile} nodes.");
        }
        var nodeIds = new HashSet<long>();
        long amounts = 0, balances = 0;
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = Item(validator, $"{path}.nodes[{i}]", currency, v => ToNode(nodes[i], v));
            if (!nodeIds.Add(nodes[i].Id))
            {
                validator.Error($"{path}.nodes[{i}].id", "Another node of this profile has this id.");
            }
            amounts = Money.TryAdd(amounts, node.Amount, currency) ?? Overflow(validator, $"{path}.nodes[{i}].amount", "The profile's nodes would add up to more than the largest total Budget keeps.");
            balances = Money.TryAdd(balances, Math.Abs(node.Balance), currency) ?? Overflow(validator, $"{path}.nodes[{i}].balance", "The profile's balances would add up to more than the largest total Budget keeps.");
        }

        var flows = source.Flows ?? [];
        if (flows.Length > Limits.FlowsPerProfile)
        {
            validator.Error($"{path}.flows", $"A profile can keep at most {Limits.FlowsPerProfile} flows.");
        }
        var edges = new List<(long From, long To)>();
        long flowTotal = 0;
        for (var i = 0; i < flows.Length && validator.ErrorCount < MaxReportedErrors; i++)
        {
            var flowPath = $"{path}.flows[{i}]";
            var flow = Item(validator, flowPath, currency, v => ToFlow(flows[i], v));
            var (from, to) = (flows[i].FromNodeId, flows[i].ToNodeId);
            if (!nodeIds.Contains(from))
            {
                validator.Error($"{flowPath}.fromNodeId", "No node of this profile has this id.");
            }
            else if (!nodeIds.Contains(to))
            {
                validator.Error($"{flowPath}.toNodeId", "No node of this profile has this id.");
            }
            else if (FlowGraph.WouldCloseCycle(edges, from, to))
            {
                validator.Error($"{flowPath}.toNodeId", from == to ? "A flow joins two different nodes." : "This flow would close a loop; money in the map must flow one way.");
            }
            else
            {
                edges.Add((from, to));
            }
            flowTotal = Money.TryAdd(flowTotal, flow.Amount, currency) ?? Overflow(validator, $"{flowPath}.amount", "The profile's flows would add up to more than the largest total Budget keeps.");
        }

        var budgets = source.Budgets ?? [];
        if (budgets.Length > Limits.BudgetsPerProfile)
        {
            validator.Error($"{path}.budgets", $"A profile can keep at most {Limits.BudgetsPerProfile} budgets.");
        }
        for (var i = 0; i < budgets.Length && validator.ErrorCount < MaxReportedErrors; i++)
        {
            var budgetPath = $"{path}.budgets[{i}]";
            Item(validator, budgetPath, currency, v => ToBudget(budgets[i], v));
            var schedules = budgets[i].Schedules ?? [];
            if (schedules.Length > Limits.SchedulesPerProfile)
            {
                validator.Error($"{budgetPath}.schedules", $"A profile can keep at most {Limits.SchedulesPerProfile} schedules.");
            }
            for (var k = 0; k < schedules.Length && validator.ErrorCount < MaxReportedErrors; k++)
            {
                Item(validator, $"{budgetPath}.schedules[{k}]", currency, v => ToSchedule(schedules[k], v));
            }
            var scheduleIds = schedules.Select(s => s.Id).ToHashSet();
            var items = budgets[i].Transactions ?? [];
            long gross = 0;
            for (var j = 0; j < items.Length && validator.ErrorCount < MaxReportedErrors; j++)
            {
                var spent = Item(validator, $"{budgetPath}.transactions[{j}]", currency, v => ToTransaction(items[j], v));
                if (items[j].ScheduleId is { } scheduleId && !scheduleIds.Contains(scheduleId))
                {
                    validator.Error($"{budgetPath}.transactions[{j}].scheduleId", "No schedule of this budget has this id.");
                }
                gross = Money.TryAdd(gross, Math.Abs(spent.Amount), currency)
                    ?? Overflow(validator, $"{budgetPath}.transactions[{j}].amount", GrossBound.Exceeded);
            }
        }

        var goals = source.Goals ?? [];
        if (goals.Length > Limits.GoalsPerProfile)
        {
            validator.Error($"{path}.goals", $"A profile can keep at most {Limits.GoalsPerProfile} goals.");
        }
        for (var i = 0; i < goals.Length && validator.ErrorCount < MaxReportedErrors; i++)
        {
            Item(validator, $"{path}.goals[{i}]", currency, v => ToGoal(goals[i], v));
            if (goals[i].NodeId is { } linked && (nodes.FirstOrDefault(n => n.Id == linked) is not { } target || !GoalsApi.CanLink(target.Type)))
            {
                validator.Error($"{path}.goals[{i}].nodeId", "No savings or investment node of this profile has this id.");
            }
        }
    }

    /// <summary>Converts one item with its own validator and files its errors under the item's path.</summary>
    private static T Item<T>(Validator validator, string path, Currency currency, Func<Validator, T> convert)
    {
        var itemValidator = new Validator(currency);
        var row = convert(itemValidator);
        itemValidator.CopyTo(validator, path);
        return row;
    }

    private static long Overflow(Validator validator, string field, string message)
    {
        validator.Error(field, message);
        return 0;
    }

    // One converter per kind, with the rules of the route that creates it; used to check and then to write.

    private static void ToProfile(BackupProfile source, Validator validator, int index, Profile profile)
    {
        profile.Name = validator.Text("name", source.Name, Limits.NameLength);
        profile.AvatarColor = AvatarColors.Parse(validator, source.AvatarColor, index);
        profile.CreatedAt = Utc(source.CreatedAt);
    }

    /// <summary>The node route's own rules (<see cref="NodesApi.Apply"/>).</summary>
    private static Node ToNode(BackupNode source, Validator validator)
    {
        var node = new Node { Label = "", CreatedAt = Utc(source.CreatedAt) };
        NodesApi.Apply(new NodeRequest(source.Type, source.Label, source.Amount, source.Balance, source.Institution, source.Apy, source.Metadata), node, validator);
        return node;
    }

    private static Flow ToFlow(BackupFlow source, Validator validator) => new()
    {
        Amount = validator.Money("amount", source.Amount, AmountRule.Positive),
        Label = validator.OptionalText("label", source.Label, Limits.NameLength),
        CreatedAt = Utc(source.CreatedAt),
    };

    /// <summary>The budget route's own rules (<see cref="BudgetsApi.Apply"/>): thresholds left out keep a new budget's defaults.</summary>
    private static SpendingBudget ToBudget(BackupBudget source, Validator validator)
    {
        var budget = new SpendingBudget { Name = "", CreatedAt = Utc(source.CreatedAt) };
        BudgetsApi.Apply(new BudgetRequest(source.Name, source.Budgeted, source.Period, AlertThresholds: source.AlertThresholds), budget, validator);
        return budget;
    }

    private static Transaction ToTransaction(BackupTransaction source, Validator validator) => new()
    {
        Amount = validator.Money("amount", source.Amount, AmountRule.NonZero),
        Date = validator.Date("date", source.Date),
        Note = validator.OptionalText("note", source.Note, Limits.NoteLength),
        CreatedAt = Utc(source.CreatedAt),
        ScheduledFor = source.ScheduledFor is { } occurrence ? validator.Date("scheduledFor", occurrence) : null,
    };

    /// <summary>The schedule route's own rules (<see cref="SchedulesApi.Apply"/>), and where it had got to.</summary>
    private static Schedule ToSchedule(BackupSchedule source, Validator validator)
    {
        var schedule = new Schedule { HandledThrough = validator.Date("handledThrough", source.HandledThrough), CreatedAt = Utc(source.CreatedAt) };
        SchedulesApi.Apply(new ScheduleRequest(
            source.Amount, source.Frequency, source.StartDate, source.Interval, source.Weekday, source.DayOfMonth, source.Month, source.EndDate, source.Note),
            schedule, validator);
        return schedule;
    }

    /// <summary>
    /// The goal route's own rules (<see cref="GoalsApi.Apply"/>), and where its pace starts from, which a create takes
    /// from <c>current</c>. Its link is checked against the file's nodes (<see cref="CheckProfile"/>).
    /// </summary>
    private static Goal ToGoal(BackupGoal source, Validator validator)
    {
        var goal = new Goal
        {
            Name = "",
            StartingAmount = validator.Money("startingAmount", source.StartingAmount, AmountRule.NonNegative),
            CreatedAt = Utc(source.CreatedAt),
        };
        GoalsApi.Apply(new GoalRequest(source.Name, source.Target, source.Current, source.Deadline, source.Priority), goal, validator);
        return goal;
    }

    /// <summary>The file says UTC ("Z"); a time with an offset is converted, one without is taken as UTC.</summary>
    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>
    /// Whether the profile holds nothing: no row of any entity with a profile id points at it. Read from the model, so
    /// a table added later counts without a change here.
    /// </summary>
    private static async Task<bool> IsEmptyAsync(BudgetDbContext db, long profileId, CancellationToken cancellationToken)
    {
        foreach (var entity in db.Model.GetEntityTypes())
        {
            // Every profile has its owner as a member; a profile shared with anyone else is not a fresh one.
            if (entity.ClrType == typeof(ProfileMember))
            {
                if (await db.ProfileMembers.AnyAsync(m => m.ProfileId == profileId && m.Profile!.UserId != m.UserId, cancellationToken))
                {
                    return false;
                }
                continue;
            }
            if (entity.ClrType != typeof(Profile) && entity.FindProperty(ProfileIdProperty) is not null
                && await (Task<bool>)AnyInProfile.MakeGenericMethod(entity.ClrType).Invoke(null, [db, profileId, cancellationToken])!)
            {
                return false;
            }
        }
        return true;
    }

    private const string ProfileIdProperty = "ProfileId";

    private static readonly System.Reflection.MethodInfo AnyInProfile =
        typeof(AccountRestore).GetMethod(nameof(AnyInProfileAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static Task<bool> AnyInProfileAsync<T>(BudgetDbContext db, long profileId, CancellationToken cancellationToken) where T : class =>
        db.Set<T>().AnyAsync(row => EF.Property<long>(row, ProfileIdProperty) == profileId, cancellationToken);
}
