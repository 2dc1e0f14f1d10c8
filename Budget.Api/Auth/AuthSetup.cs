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
            builder.AddRedisSessions();
        }

        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureJwtBearer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // AddAuthentication brings ASP.NET's data protection along for cookie schemes; bearer tokens never use it, yet
        // its hosted service loads (or makes) an XML key ring at every start: ~1.8 MiB of memory, and in the pod, whose
        // root filesystem is read-only, three warnings about keys that "will not be persisted". Without the hosted
        // service, data protection would load its keys on first use, and nothing here uses it. Found by name (the type
        // is internal): should a runtime update rename it, the API still starts, and PublishedBuildTests fails.
        if (services.FirstOrDefault(service => service.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService") is { } keyRingAtStart)
        {
            services.Remove(keyRingAtStart);
        }
        services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// Its own method so that the Redis client's assemblies are loaded only where a cache is configured (the pod has
    /// none): the runtime loads what a method refers to when it first runs that method.
    /// </summary>
    private static void AddRedisSessions(this IHostApplicationBuilder builder)
    {
        // Redis may come up after the API, or restart: keep retrying in the background instead of failing.
        builder.AddRedisClient(CacheConnectionName, configureOptions: redis => redis.AbortOnConnectFail = false);
        builder.Services.AddSingleton<ISessionStore, RedisSessionStore>();
    }
}
