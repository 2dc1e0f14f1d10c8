namespace Budget.Api.Auth;

/// <summary>
/// How the web app holds its refresh token: in an httpOnly, SameSite=Strict cookie scoped to /api/auth, which no
/// script on the page can read (the access token lives only in the page's memory). A client asks for it by sending
/// <c>X-Refresh-Cookie: 1</c>; being a custom header, it also keeps other sites' forms from using the cookie, since
/// a browser will not send it cross-site without a CORS preflight that Budget never grants.
/// </summary>
public static class RefreshCookie
{
    public const string Name = "budget_refresh";
    public const string RequestHeader = "X-Refresh-Cookie";
    private const string CookiePath = "/api/auth";

    public static bool IsRequested(HttpContext http) => http.Request.Headers[RequestHeader] == "1";

    /// <summary>In cookie mode, moves the refresh token from the body into the cookie.</summary>
    public static TokenResponse Deliver(HttpContext http, TokenResponse tokens, TimeSpan lifetime)
    {
        if (!IsRequested(http) || tokens.RefreshToken is null)
        {
            return tokens;
        }
        http.Response.Cookies.Append(Name, tokens.RefreshToken, Options(http, lifetime));
        return tokens with { RefreshToken = null };
    }

    public static string? Read(HttpContext http) => IsRequested(http) ? http.Request.Cookies[Name] : null;

    public static void Clear(HttpContext http)
    {
        if (IsRequested(http) || http.Request.Cookies.ContainsKey(Name))
        {
            http.Response.Cookies.Delete(Name, Options(http, TimeSpan.Zero));
        }
    }

    private static CookieOptions Options(HttpContext http, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = CookiePath,
        MaxAge = lifetime,
        IsEssential = true,
    };
}
