using System.Net;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Security;

/// <summary>
/// Counts API requests with an unknown or revoked key per client address in one-minute windows (on
/// <see cref="TimeProvider"/>): past <see cref="RateLimitOptions.UnknownApiKeysPerMinute"/> an address gets 429
/// before any key lookup. The log gets the first rejection of a window and then one summary line for the rest, so a
/// flood of guesses cannot flood the log.
/// </summary>
public sealed partial class UnknownApiKeyGuard(TimeProvider time, IOptionsMonitor<RateLimitOptions> options, ILogger<UnknownApiKeyGuard> logger)
{
    private static readonly TimeSpan _window = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unloggedAddresses = new(StringComparer.Ordinal);
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private bool _loggedThisWindow;
    private int _unlogged;

    /// <summary>How long <paramref name="address"/> must wait when it is over its limit; null when it may try a key.</summary>
    public TimeSpan? Throttled(IPAddress? address)
    {
        var key = Key(address);
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Roll(now);
            if (_perAddress.GetValueOrDefault(key) < options.CurrentValue.UnknownApiKeysPerMinute)
            {
                return null;
            }

            _unlogged++;
            _unloggedAddresses.Add(key);
            return _windowStart + _window - now;
        }
    }

    /// <summary>A key from <paramref name="address"/> was unknown or revoked.</summary>
    public void Rejected(IPAddress? address)
    {
        var key = Key(address);
        lock (_gate)
        {
            Roll(time.GetUtcNow());
            _perAddress[key] = _perAddress.GetValueOrDefault(key) + 1;
            if (!_loggedThisWindow)
            {
                _loggedThisWindow = true;
                LogRejected(logger, key);
                return;
            }

            _unlogged++;
            _unloggedAddresses.Add(key);
        }
    }

    private void Roll(DateTimeOffset now)
    {
        if (now < _windowStart + _window)
        {
            return;
        }

        if (_unlogged > 0)
        {
            LogSummary(logger, _unlogged, _unloggedAddresses.Count, _windowStart);
        }

        _perAddress.Clear();
        _unloggedAddresses.Clear();
        _unlogged = 0;
        _loggedThisWindow = false;
        _windowStart = now;
    }

    private static string Key(IPAddress? address) => address?.ToString() ?? "no-address";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an unknown or revoked API key from {RemoteIp}; more in the same minute are summed up in one line")]
    private static partial void LogRejected(ILogger logger, string remoteIp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} more requests with unknown or revoked API keys from {Addresses} addresses in the minute from {WindowStart:O}")]
    private static partial void LogSummary(ILogger logger, int count, int addresses, DateTimeOffset windowStart);
}
