namespace Budget.AppHost;

/// <summary>The resources' names: the dashboard shows them, and services find each other by them.</summary>
public static class ResourceNames
{
    public const string Api = "api";
    public const string Cache = "cache";
    public const string Web = "web";
    public const string SigningKey = "jwt-signing-key";
    public const string TimeZone = "time-zone";
}
