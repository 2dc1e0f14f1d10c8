using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

public class Item { public long Id { get; set; } public long ProfileId { get; set; } public long Amount { get; set; } }
public class Ctx(DbContextOptions<Ctx> options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();
}

public record Total(long ProfileId, long Amount);

[JsonSerializable(typeof(Total))]
public partial class JsonContext : JsonSerializerContext;

public static class Shapes
{
    // The shape precompilation accepts (dotnet/efcore#38030): context and every captured value are locals.
    public static async Task<Total> Sum(Ctx db, long profileId)
    {
        var ctx = db;
        var id = profileId;
        var amount = await ctx.Items.Where(i => i.ProfileId == id).SumAsync(i => i.Amount);
        return new Total(profileId, amount);
    }
}

public class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, JsonContext.Default));
        builder.Services.AddDbContextPool<Ctx>(o => o.UseSqlite("Data Source=probe.db"));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = "probe", ValidAudience = "probe",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 64))),
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Ctx>();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS Items (Id INTEGER PRIMARY KEY, ProfileId INTEGER NOT NULL, Amount INTEGER NOT NULL); INSERT INTO Items (ProfileId, Amount) VALUES (1, 250), (1, 100), (2, 5);");
        }
        app.MapGet("/health", () => "Healthy");
        app.MapGet("/sum/{profileId:long}", (long profileId, Ctx db) => Shapes.Sum(db, profileId));
        await app.RunAsync();
    }
}
