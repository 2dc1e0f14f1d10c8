using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Budget.Api.Auth;

/// <summary>
/// Pauses sign-in to one account after too many failures within a window, whichever addresses they came from
/// (the per-IP rate limit alone does not stop a slow, distributed guesser). It keys on the email as typed, known
/// or not, so the pause itself does not reveal whether an account exists. One instance, so memory is enough.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    private const int MaxTrackedAccounts = 10_000;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private sealed record Failures(DateTimeOffset WindowStart, int Count);

    /// <summary>How long to wait before trying again, or null when a try is allowed now.</summary>
    public TimeSpan? RetryAfter(string email)
    {
        if (!_failures.TryGetValue(email, out var failures))
        {
            return null;
        }
        var windowEnd = failures.WindowStart + options.Value.FailedLoginWindow;
        var now = clock.GetUtcNow();
        return failures.Count >= options.Value.MaxFailedLoginsPerAccount && windowEnd > now ? windowEnd - now : null;
    }

    public void RecordFailure(string email)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxTrackedAccounts)
        {
            Sweep(now);
        }
        _failures.AddOrUpdate(
            email,
            _ => new Failures(now, 1),
            (_, current) => current.WindowStart + options.Value.FailedLoginWindow <= now
                ? new Failures(now, 1)
                : current with { Count = current.Count + 1 });
    }

    public void Reset(string email) => _failures.TryRemove(email, out _);

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (email, failures) in _failures)
        {
            if (failures.WindowStart + options.Value.FailedLoginWindow <= now)
            {
                _failures.TryRemove(email, out _);
            }
        }
    }
}
