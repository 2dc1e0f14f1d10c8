using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Budget.Api.Auth;

public static class AuthSetup
{
    /// <summary>The connection name of the optional Redis cache that holds sessions instead of SQLite.</summary>
    public const string CacheConnectionName = "cache";

    public static IHostApplicationBuilder AddBudgetAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .ValidateDataAnnotations()
            .Validate(options => Currency.TryGet(options.DefaultCurrency, out _), "Auth:DefaultCurrency must be an ISO 4217 code.")
            .Validate<IHostEnvironment>(
                (options, environment) => options.BcryptWorkFactor >= AuthOptions.ProductionMinimumWorkFactor || environment.IsDevelopment() || environment.IsEnvironment("Testing"),
                $"Auth:BcryptWorkFactor may not be below {AuthOptions.ProductionMinimumWorkFactor} outside Development and Testing.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => SigningKey.Load(
            provider.GetRequiredService<IOptions<AuthOptions>>().Value,
            provider.GetRequiredService<IConfiguration>().DataDirectory(provider.GetRequiredService<IHostEnvironment>())));
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<LoginThrottle>();
        if (string.IsNullOrEmpty(configuration.GetConnectionString(CacheConnectionName)))
        {
            services.AddScoped<ISessionStore, SqliteSessionStore>();
        }
        else
        {
            // Redis may come up after the API, or restart: keep retrying in the background instead of failing.
            builder.AddRedisClient(CacheConnectionName, configureOptions: redis => redis.AbortOnConnectFail = false);
            services.AddSingleton<ISessionStore, RedisSessionStore>();
        }

        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddAuthorization();
        return builder;
    }
}
