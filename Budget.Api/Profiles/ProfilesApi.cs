using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Profiles;

public static class ProfilesApi
{
    public static RouteGroupBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/profiles").WithTags("Profiles").RequireAuthorization();
        group.MapGet("/", List);
        group.MapGet("/{profileId:long}", Get).WithName("GetProfile");
        group.MapPost("/", Create);
        group.MapPut("/{profileId:long}", Update);
        group.MapDelete("/{profileId:long}", Delete);
        return group;
    }

    private static async Task<Ok<ProfileResponse[]>> List(CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profiles = await db.Profiles.AsNoTracking()
            .Where(p => p.UserId == user.Id)
            .OrderByDescending(p => p.IsOwner).ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(profiles.Select(ProfileResponse.From).ToArray());
    }

    private static async Task<Results<Ok<ProfileResponse>, NotFound>> Get(long profileId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == profileId && p.UserId == user.Id, cancellationToken);
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(ProfileResponse.From(profile));
    }

    private static async Task<Results<CreatedAtRoute<ProfileResponse>, ValidationProblem>> Create(
        ProfileRequest request, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var count = await db.Profiles.CountAsync(p => p.UserId == user.Id, cancellationToken);
        if (count >= Limits.ProfilesPerUser)
        {
            return Problems.Invalid("$", $"An account can keep at most {Limits.ProfilesPerUser} profiles.");
        }
        var validator = new Validator(user.Currency);
        var profile = new Profile
        {
            UserId = user.Id,
            Name = validator.Text("name", request.Name, Limits.NameLength),
            AvatarColor = AvatarColors.Parse(validator, request.AvatarColor, count),
            IsOwner = false,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        db.Profiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(ProfileResponse.From(profile), "GetProfile", new { profileId = profile.Id });
    }

    private static async Task<Results<Ok<ProfileResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, ProfileRequest request, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.SingleOrDefaultAsync(p => p.Id == profileId && p.UserId == user.Id, cancellationToken);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }
        var validator = new Validator(user.Currency);
        var name = validator.Text("name", request.Name, Limits.NameLength);
        // Leaving the colour out keeps the one it has.
        var color = request.AvatarColor is null ? profile.AvatarColor : AvatarColors.Parse(validator, request.AvatarColor, 0);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        profile.Name = name;
        profile.AvatarColor = color;
        switch (await Versions.SaveAsync(db, profile, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(profile.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        return TypedResults.Ok(ProfileResponse.From(profile));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long profileId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.AsNoTracking()
            .Where(p => p.Id == profileId && p.UserId == user.Id)
            .Select(p => new { p.IsOwner })
            .SingleOrDefaultAsync(cancellationToken);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }
        if (profile.IsOwner)
        {
            return Problems.Conflict("The account's own profile lives as long as the account; delete the account instead.");
        }
        // The database cascades to the profile's nodes, flows, budgets, transactions and goals.
        await db.Profiles.Where(p => p.Id == profileId && p.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
