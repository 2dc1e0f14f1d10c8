using System.ComponentModel.DataAnnotations;

namespace Budget.Api.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int ProductionMinimumWorkFactor = 12;

    [Required]
    public string Issuer { get; set; } = "budget";

    [Required]
    public string Audience { get; set; } = "budget";

    /// <summary>Base64 of at least 32 random bytes. When empty, one is generated and kept in the data directory.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a sign-in lasts, however often it is refreshed.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>BCrypt cost. Tests lower it; outside Development and Testing it may not go below 12.</summary>
    [Range(4, 31)]
    public int BcryptWorkFactor { get; set; } = ProductionMinimumWorkFactor;

    /// <summary>Currency of new accounts that do not choose one (ISO 4217).</summary>
    public string DefaultCurrency { get; set; } = "USD";

    /// <summary>Failed sign-ins to one account, from any address, before it is paused.</summary>
    [Range(1, 1000)]
    public int MaxFailedLoginsPerAccount { get; set; } = 10;

    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);
}
