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
using Microsoft.Extensions.Options;
using System.Text.Json;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Budget.Api.Exports;

/// <summary>
/// Recreates an <see cref="AccountBackup"/> in the caller's account: new ids, the same content and creation dates.
/// Every element is checked with the rules the normal routes apply (each error named by its JSON path, such as
/// <c>profiles[0].budgets[2].transactions[5].amount</c>, at most <see cref="MaxReportedErrors"/>), and the whole file is
/// written in one database transaction: all or nothing. It adds profiles and never deletes: the backup's own profile
/// goes into this account's own profile only while that one is empty (a fresh account), and otherwise becomes one
/// more profile.
/// </summary>
/// <remarks>
/// Memory does not grow with the file (issue 7: 50,000 transactions under the pod's 16 MiB heap). The body is spooled
/// to a temporary file, then each kind of element is read in a walk of its own over that file, one element at a time
/// (<see cref="JsonFileWalker"/>): profiles, nodes, flows, goals, budgets with their schedules, transactions. In that
/// order whatever order the file has, a flow or a goal finds its nodes, and a transaction its budget and schedule,
/// already checked and written. Rows are written in batches with the change tracker cleared while nothing is at
/// fault; after the first error the rest is only checked, and the transaction is rolled back. Kept between walks:
/// per profile, the file's ids of nodes, budgets and schedules with their new ids, bounded by the per-profile limits.
/// </remarks>
public static class AccountRestore
{
    private const int MaxReportedErrors = 100;
    private const int BatchSize = 500;
    private const string Any = JsonFileWalker.AnyIndex;

    /// <summary>
    /// One restore at a time in the process: each spools its backup (up to <see cref="Limits.BackupBytes"/>) to /tmp,
    /// a disk-backed emptyDir of 32 MiB in the pod that gets the pod evicted when it overflows, and holds the
    /// database's write lock while it writes. Another restore meanwhile is told to try again shortly.
    /// </summary>
    public sealed class Slot
    {
        public SemaphoreSlim Running { get; } = new(1, 1);
    }

    public static async Task<Results<Ok<RestoreResponse>, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        HttpRequest request, CurrentUser user, BudgetDbContext db, IOptions<JsonOptions> json, Slot slot, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body is not JSON.", StatusCodes.Status415UnsupportedMediaType);
        }
        if (!slot.Running.Wait(0, cancellationToken))
        {
            return Problems.TooManyRequests(request.HttpContext, TimeSpan.FromSeconds(30), "Another account restore is running on this server. Try again in a minute.");
        }
        try
        {
            return await SpoolAndRestoreAsync(request, user, db, json, cancellationToken);
        }
        finally
        {
            slot.Running.Release();
        }
    }

    private static async Task<Results<Ok<RestoreResponse>, ValidationProblem, ProblemHttpResult>> SpoolAndRestoreAsync(
        HttpRequest request, CurrentUser user, BudgetDbContext db, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(
            Path.Combine(Path.GetTempPath(), Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 16 * 1024, FileOptions.DeleteOnClose);
        await request.Body.CopyToAsync(file, cancellationToken);
        var options = json.Value.SerializerOptions;
        var walker = new JsonFileWalker(file, new JsonReaderOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas,
            CommentHandling = options.ReadCommentHandling,
            MaxDepth = options.MaxDepth,
        });
        return await new Restore(walker, options, user, db).RunAsync(cancellationToken);
    }

    /// <summary>One restore: the walks over the file, what they keep for each other, and the rows not yet saved.</summary>
    private sealed class Restore(JsonFileWalker file, JsonSerializerOptions options, CurrentUser user, BudgetDbContext db)
    {
        private readonly Currency _currency = user.Currency;
        private readonly Validator _validator = new(user.Currency);
        private readonly List<ProfileState> _profiles = [];
        private readonly List<Action> _afterSave = [];
        private int _pending;
        private bool _overLimit;
        private int _nodes, _flows, _budgets, _transactions, _goals;

        /// <summary>Rows are written while nothing is at fault; after that the rest of the file is only checked.</summary>
        private bool Writing => _validator.IsValid && !_overLimit;

        private bool Full => _validator.ErrorCount >= MaxReportedErrors;

        public async Task<Results<Ok<RestoreResponse>, ValidationProblem, ProblemHttpResult>> RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                if (!CheckFile() || !ReadProfiles())
                {
                    return _validator.Problem();
                }

                // BEGIN IMMEDIATE: the counts checked below cannot change before the commit.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var ownProfile = await db.Profiles.SingleAsync(p => p.UserId == user.Id && p.IsOwner, cancellationToken);
                var intoOwnProfile = _profiles.Any(p => p.Header?.IsOwner == true) && await IsEmptyAsync(db, ownProfile.Id, cancellationToken);
                var existing = await db.Profiles.CountAsync(p => p.UserId == user.Id, cancellationToken);
                var added = _profiles.Count - (intoOwnProfile ? 1 : 0);
                // Said only when the file itself is without fault, as the file's own errors come first.
                _overLimit = existing + added > Limits.ProfilesPerUser;
                List<RestoreProfile> restored = Writing ? await AddProfilesAsync(ownProfile, intoOwnProfile, cancellationToken) : [];

                await ReadNodesAsync(cancellationToken);
                await ReadFlowsAsync(cancellationToken);
                await ReadGoalsAsync(cancellationToken);
                await ReadBudgetsAsync(cancellationToken);
                await ReadTransactionsAsync(cancellationToken);
                if (Full)
                {
                    _validator.Error("$", $"The first {MaxReportedErrors} problems are listed; there may be more.");
                }
                if (!_validator.IsValid)
                {
                    return _validator.Problem();
                }
                if (_overLimit)
                {
                    return Problems.Invalid("profiles", $"An account can keep at most {Limits.ProfilesPerUser} profiles; this one has {existing} and the backup would add {added}.");
                }
                await SaveAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return TypedResults.Ok(new RestoreResponse([.. restored], _nodes, _flows, _budgets, _transactions, _goals));
            }
            catch (JsonException e)
            {
                // Not JSON at all, or a value far longer than any Budget writes; nothing was saved.
                return Problems.Invalid("$", $"The body is not valid JSON: {e.Message}");
            }
        }

        /// <summary>The file's own fields; a file that is not a backup of this account's currency goes no further. Reads the whole file once, so text that is not JSON is found here.</summary>
        private bool CheckFile()
        {
            if (Read<AccountBackup>(file.Elements([], "profiles").Single()) is not { } backup)
            {
                return false;
            }
            if (backup.Format != AccountBackup.FormatName)
            {
                _validator.Error("format", $"Not a Budget account export (expected \"{AccountBackup.FormatName}\").");
            }
            else if (backup.Version > AccountBackup.CurrentVersion)
            {
                _validator.Error("version", $"This file was written by a newer Budget (format version {backup.Version}); this server reads up to version {AccountBackup.CurrentVersion}. Install a newer Budget, then restore it.");
            }
            else if (backup.Version < 1)
            {
                _validator.Error("version", "Must be 1 or more.");
            }
            else if (!Common.Currency.TryGet(backup.Currency, out var fileCurrency) || fileCurrency != _currency)
            {
                _validator.Error("currency", $"The backup keeps amounts in {backup.Currency}, this account in {_currency.Code}: restore it into an account registered with {backup.Currency}.");
            }
            return _validator.IsValid;
        }

        /// <summary>Each profile's own fields, its arrays left for the walks below; more profiles than an account keeps go no further.</summary>
        private bool ReadProfiles()
        {
            var count = 0;
            foreach (var element in file.Elements(["profiles", Any], "nodes", "flows", "budgets", "goals"))
            {
                if (++count > Limits.ProfilesPerUser)
                {
                    continue;
                }
                var header = Read<BackupProfile>(element);
                if (header is not null)
                {
                    Item(_validator, element.Path, _currency, v =>
                    {
                        ToProfile(header, v, count - 1, new Profile { Name = "", AvatarColor = "", Currency = _currency.Code });
                        return true;
                    });
                }
                _profiles.Add(new ProfileState(header, element.Path));
            }
            if (count > Limits.ProfilesPerUser)
            {
                _validator.Error("profiles", $"An account can keep at most {Limits.ProfilesPerUser} profiles.");
                return false;
            }
            if (_profiles.Count(p => p.Header?.IsOwner == true) > 1)
            {
                _validator.Error("profiles", "At most one profile is the account's own (isOwner).");
            }
            return true;
        }

        private async Task<List<RestoreProfile>> AddProfilesAsync(Profile ownProfile, bool intoOwnProfile, CancellationToken cancellationToken)
        {
            var scratch = new Validator(_currency);
            var owner = await db.Users.SingleAsync(u => u.Id == user.Id, cancellationToken);
            var rows = new List<Profile>();
            foreach (var source in _profiles.Select(p => p.Header!))
            {
                Profile profile;
                if (source.IsOwner && intoOwnProfile)
                {
                    profile = ownProfile;
                }
                else
                {
                    // CreateFor: the profile keeps the owner's currency and has its owner as a member, as every profile does.
                    profile = Profile.CreateFor(owner, "", "", isOwner: false, Utc(source.CreatedAt));
                    db.Profiles.Add(profile);
                }
                ToProfile(source, scratch, 0, profile);
                rows.Add(profile);
            }
            await SaveAsync(cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                _profiles[i].RowId = rows[i].Id;
            }
            return [.. rows.Select(p => new RestoreProfile(p.Id, p.Name, p == ownProfile))];
        }

        private async Task ReadNodesAsync(CancellationToken cancellationToken)
        {
            foreach (var element in file.Elements(["profiles", Any, "nodes", Any]))
            {
                var profile = _profiles[element.Indices[0]];
                if (Full || !Counted(ref profile.NodeCount, Limits.NodesPerProfile, $"{profile.Path}.nodes", "nodes"))
                {
                    continue;
                }
                if (Read<BackupNode>(element) is not { } source)
                {
                    profile.NodesUnread = true;
                    continue;
                }
                var node = Item(_validator, element.Path, _currency, v => ToNode(source, v));
                if (!profile.NodeTypes.TryAdd(source.Id, source.Type))
                {
                    _validator.Error($"{element.Path}.id", "Another node of this profile has this id.");
                }
                profile.Amounts = Money.TryAdd(profile.Amounts, node.Amount, _currency) ?? Overflow(_validator, $"{element.Path}.amount", "The profile's nodes would add up to more than the largest total Budget keeps.");
                profile.Balances = Money.TryAdd(profile.Balances, Math.Abs(node.Balance), _currency) ?? Overflow(_validator, $"{element.Path}.balance", "The profile's balances would add up to more than the largest total Budget keeps.");
                if (Writing)
                {
                    node.ProfileId = profile.RowId;
                    await AddAsync(node, () => profile.NodeRows[source.Id] = node.Id, cancellationToken);
                    _nodes++;
                }
            }
            await SaveAsync(cancellationToken);
        }

        private async Task ReadFlowsAsync(CancellationToken cancellationToken)
        {
            foreach (var element in file.Elements(["profiles", Any, "flows", Any]))
            {
                var profile = _profiles[element.Indices[0]];
                if (Full || !Counted(ref profile.FlowCount, Limits.FlowsPerProfile, $"{profile.Path}.flows", "flows") || Read<BackupFlow>(element) is not { } source)
                {
                    continue;
                }
                var flow = Item(_validator, element.Path, _currency, v => ToFlow(source, v));
                var (from, to) = (source.FromNodeId, source.ToNodeId);
                // An unread node's id is not known (its own error is named), so links are then not checked.
                if (!profile.NodesUnread)
                {
                    CheckLink(profile, element.Path, from, to);
                }
                profile.FlowTotal = Money.TryAdd(profile.FlowTotal, flow.Amount, _currency) ?? Overflow(_validator, $"{element.Path}.amount", "The profile's flows would add up to more than the largest total Budget keeps.");
                if (Writing)
                {
                    flow.ProfileId = profile.RowId;
                    flow.FromNodeId = profile.NodeRows[from];
                    flow.ToNodeId = profile.NodeRows[to];
                    await AddAsync(flow, null, cancellationToken);
                    _flows++;
                }
            }
            await SaveAsync(cancellationToken);
        }

        private void CheckLink(ProfileState profile, string path, long from, long to)
        {
            if (!profile.NodeTypes.ContainsKey(from))
            {
                _validator.Error($"{path}.fromNodeId", "No node of this profile has this id.");
            }
            else if (!profile.NodeTypes.ContainsKey(to))
            {
                _validator.Error($"{path}.toNodeId", "No node of this profile has this id.");
            }
            else if (FlowGraph.WouldCloseCycle(profile.Edges, from, to))
            {
                _validator.Error($"{path}.toNodeId", from == to ? "A flow joins two different nodes." : "This flow would close a loop; money in the map must flow one way.");
            }
            else
            {
                profile.Edges.Add((from, to));
            }
        }

        private async Task ReadGoalsAsync(CancellationToken cancellationToken)
        {
            foreach (var element in file.Elements(["profiles", Any, "goals", Any]))
            {
                var profile = _profiles[element.Indices[0]];
                if (Full || !Counted(ref profile.GoalCount, Limits.GoalsPerProfile, $"{profile.Path}.goals", "goals") || Read<BackupGoal>(element) is not { } source)
                {
                    continue;
                }
                var goal = Item(_validator, element.Path, _currency, v => ToGoal(source, v));
                if (source.NodeId is { } linked && !profile.NodesUnread && (!profile.NodeTypes.TryGetValue(linked, out var type) || !GoalsApi.CanLink(type)))
                {
                    _validator.Error($"{element.Path}.nodeId", "No savings or investment node of this profile has this id.");
                }
                if (Writing)
                {
                    goal.ProfileId = profile.RowId;
                    goal.NodeId = source.NodeId is { } nodeId ? profile.NodeRows[nodeId] : null;
                    await AddAsync(goal, null, cancellationToken);
                    _goals++;
                }
            }
            await SaveAsync(cancellationToken);
        }

        /// <summary>Each budget with its schedules, its transactions left for the next walk.</summary>
        private async Task ReadBudgetsAsync(CancellationToken cancellationToken)
        {
            foreach (var element in file.Elements(["profiles", Any, "budgets", Any], "transactions"))
            {
                var profile = _profiles[element.Indices[0]];
                if (Full || !Counted(ref profile.BudgetCount, Limits.BudgetsPerProfile, $"{profile.Path}.budgets", "budgets") || Read<BackupBudget>(element) is not { } source)
                {
                    continue;
                }
                var row = Item(_validator, element.Path, _currency, v => ToBudget(source, v));
                var budget = new BudgetState();
                profile.Budgets[element.Indices[1]] = budget;
                var schedules = new List<(long Id, Schedule Row)>();
                var items = source.Schedules ?? [];
                // The schedule route's limit counts the whole profile's schedules.
                for (var k = 0; k < items.Length && Counted(ref profile.ScheduleCount, Limits.SchedulesPerProfile, $"{element.Path}.schedules", "schedules"); k++)
                {
                    var schedule = Item(_validator, $"{element.Path}.schedules[{k}]", _currency, v => ToSchedule(items[k], v));
                    budget.Schedules[items[k].Id] = 0;
                    schedules.Add((items[k].Id, schedule));
                }
                if (Writing)
                {
                    row.ProfileId = profile.RowId;
                    db.Budgets.Add(row);
                    await SaveAsync(cancellationToken);
                    budget.RowId = row.Id;
                    foreach (var (_, schedule) in schedules)
                    {
                        schedule.BudgetId = row.Id;
                        db.Schedules.Add(schedule);
                    }
                    await SaveAsync(cancellationToken);
                    foreach (var (id, schedule) in schedules)
                    {
                        budget.Schedules[id] = schedule.Id;
                    }
                    _budgets++;
                }
            }
        }

        private async Task ReadTransactionsAsync(CancellationToken cancellationToken)
        {
            foreach (var element in file.Elements(["profiles", Any, "budgets", Any, "transactions", Any]))
            {
                if (Full || Read<BackupTransaction>(element) is not { } source)
                {
                    continue;
                }
                var spent = Item(_validator, element.Path, _currency, v => ToTransaction(source, v));
                // A budget that is not kept (at fault, or over the limit) has been named already.
                if (_profiles[element.Indices[0]].Budgets.GetValueOrDefault(element.Indices[1]) is not { } budget)
                {
                    continue;
                }
                if (source.ScheduleId is { } scheduleId && !budget.Schedules.ContainsKey(scheduleId))
                {
                    _validator.Error($"{element.Path}.scheduleId", "No schedule of this budget has this id.");
                }
                budget.Gross = Money.TryAdd(budget.Gross, Math.Abs(spent.Amount), _currency) ?? Overflow(_validator, $"{element.Path}.amount", GrossBound.Exceeded);
                if (Writing)
                {
                    spent.BudgetId = budget.RowId;
                    spent.ScheduleId = source.ScheduleId is { } id ? budget.Schedules[id] : null;
                    await AddAsync(spent, null, cancellationToken);
                    _transactions++;
                }
            }
        }

        /// <summary>Counts one more item of a kind; the first one over the profile's limit is an error.</summary>
        private bool Counted(ref int count, int limit, string field, string kind)
        {
            if (++count <= limit)
            {
                return true;
            }
            if (count == limit + 1)
            {
                _validator.Error(field, $"A profile can keep at most {limit} {kind}.");
            }
            return false;
        }

        /// <summary>One element as its record; what the serializer refuses is named under the element's path.</summary>
        private T? Read<T>(JsonFileWalker.Element element) where T : class
        {
            try
            {
                var value = JsonSerializer.Deserialize<T>(element.Json.Span, options);
                if (value is null)
                {
                    _validator.Error(Field(element.Path, "$"), "Must not be null.");
                }
                return value;
            }
            catch (JsonException e)
            {
                foreach (var (field, messages) in ErrorHandling.Describe(e, typeof(T), options))
                {
                    foreach (var message in messages)
                    {
                        _validator.Error(Field(element.Path, field), message);
                    }
                }
                return null;
            }
        }

        /// <summary>A field of an element, named from the file's root: "profiles[0].nodes[2]" and "amount".</summary>
        private static string Field(string path, string field) =>
            field == "$" ? (path.Length == 0 ? "$" : path)
            : path.Length == 0 ? field
            : field.StartsWith('[') ? path + field
            : $"{path}.{field}";

        private async Task AddAsync(object row, Action? afterSave, CancellationToken cancellationToken)
        {
            db.Add(row);
            if (afterSave is not null)
            {
                _afterSave.Add(afterSave);
            }
            if (++_pending == BatchSize)
            {
                await SaveAsync(cancellationToken);
            }
        }

        /// <summary>Saved in batches and forgotten, so the change tracker never holds a whole history.</summary>
        private async Task SaveAsync(CancellationToken cancellationToken)
        {
            if (!Writing)
            {
                return;
            }
            await db.SaveChangesAsync(cancellationToken);
            foreach (var action in _afterSave)
            {
                action();
            }
            _afterSave.Clear();
            db.ChangeTracker.Clear();
            _pending = 0;
        }
    }

    /// <summary>What the walks after a profile's own need of it; bounded by the per-profile limits.</summary>
    private sealed class ProfileState(BackupProfile? header, string path)
    {
        public BackupProfile? Header { get; } = header;
        public string Path { get; } = path;
        public long RowId { get; set; }
        public int NodeCount, FlowCount, GoalCount, BudgetCount, ScheduleCount;
        /// <summary>A node of the file could not be read (its error is named), so links to nodes are not checked.</summary>
        public bool NodesUnread { get; set; }
        public long Amounts { get; set; }
        public long Balances { get; set; }
        public long FlowTotal { get; set; }
        /// <summary>The file's node ids (the first of each) with their type, for flows and goals.</summary>
        public Dictionary<long, NodeType> NodeTypes { get; } = [];
        public Dictionary<long, long> NodeRows { get; } = [];
        public List<(long From, long To)> Edges { get; } = [];
        /// <summary>By index in the profile's <c>budgets</c>.</summary>
        public Dictionary<int, BudgetState> Budgets { get; } = [];
    }

    private sealed class BudgetState
    {
        public long RowId { get; set; }
        /// <summary>The file's schedule ids of the budget, with their new ids once written.</summary>
        public Dictionary<long, long> Schedules { get; } = [];
        public long Gross { get; set; }
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
    /// from <c>current</c>. Its link is checked against the file's nodes.
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
