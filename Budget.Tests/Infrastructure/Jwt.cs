using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Budget.Tests.Infrastructure;

/// <summary>Takes real access tokens apart and puts forged ones together, to show the API refuses them.</summary>
public static class Jwt
{
    public static JsonObject Header(string token) => Decode(token.Split('.')[0]);

    public static JsonObject Payload(string token) => Decode(token.Split('.')[1]);

    public static string Signature(string token) => token.Split('.')[2];

    /// <summary>The key the API signs with, read from the data folder where it generated it.</summary>
    public static byte[] ApiKey(ApiFactory factory) =>
        Convert.FromBase64String(File.ReadAllText(Path.Combine(factory.DataDirectory, "jwt-signing.key")).Trim());

    public static string Sign(JsonObject header, JsonObject payload, byte[] key, string algorithm = "HS256")
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(key, data),
            "HS384" => HMACSHA384.HashData(key, data),
            "HS512" => HMACSHA512.HashData(key, data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    public static string Unsigned(JsonObject header, JsonObject payload, string signature = "") =>
        $"{Encode(header)}.{Encode(payload)}.{signature}";

    public static long UnixTime(DateTimeOffset time) => time.ToUnixTimeSeconds();

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonObject Decode(string part) => JsonNode.Parse(Base64UrlEncoder.Decode(part))!.AsObject();
}
