namespace Budget.Api.Auth;

/// <summary>
/// One sign-in: a family of refresh tokens, each replacing the last. It ends 7 days after sign-in however often it
/// is refreshed, and revoking it ends its refresh tokens and, on their next request, its access tokens.
/// </summary>
public sealed class Session
{
    public required string Id { get; set; }
    public long UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public List<RefreshToken> RefreshTokens { get; set; } = [];
}

/// <summary>A refresh token, kept only as its SHA-256 hash.</summary>
public sealed class RefreshToken
{
    public long Id { get; set; }
    public required string SessionId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Set when it was exchanged for its successor; presenting it again is theft.</summary>
    public DateTime? RotatedAt { get; set; }
}
