namespace Budget.Api.Auth;

public sealed record RegisterRequest(string Email, string Password, string? Currency = null, string? Name = null);

public sealed record LoginRequest(string Email, string Password);

/// <summary>The refresh token, or nothing when it travels in the cookie (see <see cref="RefreshCookie"/>).</summary>
public sealed record RefreshRequest(string? RefreshToken = null);

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

public sealed record DeleteAccountRequest(string Password);

/// <summary>
/// What sign-up, sign-in and refresh answer (OAuth 2.0's token response shape). <c>refreshToken</c> is null when it
/// was set as a cookie instead (<c>X-Refresh-Cookie: 1</c>).
/// </summary>
public sealed record TokenResponse(string AccessToken, string? RefreshToken, string TokenType, int ExpiresIn);

/// <summary>The signed-in account; <c>currencyExponent</c> is how many decimals its amounts have.</summary>
public sealed record MeResponse(long Id, string Email, string Currency, int CurrencyExponent, DateTime CreatedAt);
