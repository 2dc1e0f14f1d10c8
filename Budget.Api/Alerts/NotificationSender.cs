using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Budget.Api.Alerts;

/// <summary>Turns one queued message into the request its channel's service expects, and sends it once.</summary>
public sealed class NotificationSender(HttpClient http)
{
    public const string SignatureHeader = "X-Budget-Signature";
    public const string EventHeader = "X-Budget-Event";
    public const string DeliveryHeader = "X-Budget-Delivery";

    /// <summary>Null when the service accepted it (2xx); otherwise why not, in a few words (never the response body).</summary>
    public async Task<string?> SendAsync(NotificationChannel channel, NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            using var request = Build(channel, delivery);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? null : $"{status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {ChannelUrls.Timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedAddressException refused)
        {
            return refused.Message;
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the server's name was not found",
                HttpRequestError.ConnectionError => "could not connect",
                HttpRequestError.SecureConnectionError => "TLS failed",
                _ => "the request failed",
            };
        }
    }

    public static HttpRequestMessage Build(NotificationChannel channel, NotificationDelivery delivery)
    {
        var message = JsonSerializer.Deserialize(delivery.Payload, NotificationJsonContext.Default.NotificationMessage)!;
        var url = new Uri(channel.Url);
        HttpRequestMessage request;
        switch (channel.Kind)
        {
            case ChannelKind.Ntfy:
                var ntfy = new NtfyMessage(ChannelUrls.NtfyTopic(url), message.Title, message.Message, message.Priority, [TagOf(message.Event)]);
                request = new HttpRequestMessage(HttpMethod.Post, ChannelUrls.NtfyRoot(url))
                {
                    Content = JsonBody(JsonSerializer.Serialize(ntfy, NotificationJsonContext.Default.NtfyMessage)),
                };
                if (channel.Secret is { } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                break;
            case ChannelKind.Gotify:
                var gotify = new GotifyMessage(message.Title, message.Message, GotifyPriority(message.Priority));
                request = new HttpRequestMessage(HttpMethod.Post, new Uri(channel.Url.TrimEnd('/') + "/message"))
                {
                    Content = JsonBody(JsonSerializer.Serialize(gotify, NotificationJsonContext.Default.GotifyMessage)),
                };
                request.Headers.Add("X-Gotify-Key", channel.Secret);
                break;
            default:
                // The stored payload is the body, byte for byte, so the signature covers exactly what is sent.
                request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonBody(delivery.Payload) };
                request.Headers.Add(EventHeader, message.Event);
                request.Headers.Add(DeliveryHeader, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (channel.Secret is { } secret)
                {
                    request.Headers.Add(SignatureHeader, Signature(secret, delivery.Payload));
                }
                break;
        }
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Budget", "1.0"));
        return request;
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body's UTF-8 bytes, keyed with the secret's.</summary>
    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private static string TagOf(string eventName) => eventName switch
    {
        NotificationMessage.BudgetThresholdEvent => "money_with_wings",
        NotificationMessage.GoalAtRiskEvent => "hourglass",
        _ => "bell",
    };

    /// <summary>ntfy's 1–5 on Gotify's 0–10, where 4 and up make a sound on its Android app.</summary>
    private static int GotifyPriority(int priority) => priority switch
    {
        <= 1 => 1,
        2 => 3,
        3 => 5,
        4 => 8,
        _ => 10,
    };
}
