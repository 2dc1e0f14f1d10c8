using System.Net;
using System.Net.Sockets;
using Budget.Api.Common;

namespace Budget.Api.Alerts;

/// <summary>
/// Which addresses a channel may send to. The household's own ntfy or Gotify usually runs on their LAN, so private
/// and loopback addresses are allowed (blocking them would block the feature). What is refused: anything but http(s);
/// a user name or password in the URL (credentials belong in the token, which is never shown back); and, checked on
/// every connection after DNS, link-local (169.254.0.0/16 and fe80::/10: cloud metadata services live there),
/// multicast, broadcast and unspecified addresses. Redirects are not followed, and only a response's status code is
/// kept, never its body, so a channel cannot be used to read pages on the LAN. See docs/notifications.md.
/// </summary>
public static class ChannelUrls
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static string Validate(Validator validator, string field, string? value, ChannelKind kind)
    {
        var text = validator.Text(field, value, Limits.UrlLength);
        if (text.Length is 0 or > Limits.UrlLength || text.Any(char.IsControl))
        {
            return text;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            validator.Error(field, "Must be an http:// or https:// address.");
        }
        else if (uri.UserInfo.Length > 0)
        {
            validator.Error(field, "Must not contain a user name or password: put it in the token.");
        }
        else if (uri.Fragment.Length > 0)
        {
            validator.Error(field, "Must not contain a #fragment.");
        }
        else if (kind == ChannelKind.Ntfy && NtfyTopic(uri).Length == 0)
        {
            validator.Error(field, "Must be the topic's address, such as https://ntfy.example/budget.");
        }
        return text;
    }

    /// <summary>The topic is the last path segment of an ntfy address; the server's root is the rest.</summary>
    public static string NtfyTopic(Uri topicUrl) => topicUrl.AbsolutePath.TrimEnd('/').Split('/')[^1];

    public static Uri NtfyRoot(Uri topicUrl)
    {
        var path = topicUrl.AbsolutePath.TrimEnd('/');
        return new UriBuilder(topicUrl) { Path = path[..(path.LastIndexOf('/') + 1)], Query = "" }.Uri;
    }

    /// <summary>The handler every push goes through: no redirects, no proxy, and the address check on each connection.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = ConnectAsync,
    };

    public static bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return !(bytes[0] == 169 && bytes[1] == 254) // link-local
                && bytes[0] is not (0 or >= 224);      // "this network", multicast, reserved, broadcast
        }
        return !address.IsIPv6LinkLocal && !address.IsIPv6Multicast && !address.Equals(IPAddress.IPv6Any);
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(IsAllowed).ToArray();
        if (allowed.Length == 0)
        {
            throw new RefusedAddressException(host);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

public sealed class RefusedAddressException(string host)
    : Exception($"{host} resolves only to addresses notifications are not sent to (link-local, multicast or unspecified).");
