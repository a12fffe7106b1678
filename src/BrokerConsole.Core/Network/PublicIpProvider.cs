using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Network;

/// <summary>Bound from <c>Network</c>: how the server learns its public egress IP for the static-IP warnings.</summary>
public sealed class NetworkOptions
{
    public const string SectionName = "Network";

    /// <summary>The public IP to show; set it when the server cannot look it up (no internet, or a NAT that differs per route). Wins over detection.</summary>
    public string? PublicIp { get; set; }

    /// <summary>A URL that answers with the caller's IP as plain text. Empty disables detection.</summary>
    public Uri? PublicIpLookupUrl { get; set; } = new("https://api.ipify.org");

    /// <summary>Detection gives up after this long; the dialog must not wait on a closed network.</summary>
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a detected (or failed) answer is reused.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// An HTTP proxy (e.g. <c>http://egress.internal:3128</c>, credentials as user-info) that every broker call and the
    /// public-IP lookup go through: the one static IP several nodes share. Empty: calls leave from this machine.
    /// </summary>
    public Uri? EgressProxy { get; set; }
}

/// <summary>Where the shown IP came from.</summary>
public enum PublicIpSource
{
    /// <summary>Could not be detected and none is configured.</summary>
    Unknown = 0,

    /// <summary><c>Network:PublicIp</c>.</summary>
    Configured = 1,

    /// <summary>The lookup URL answered.</summary>
    Detected = 2,
}

/// <summary>The server's public egress IP, or why it is unknown.</summary>
public sealed record PublicIpInfo(string? Ip, PublicIpSource Source, string? Problem)
{
    /// <summary>The egress proxy the brokers' calls (and the lookup) leave through, without credentials; null when none.</summary>
    public string? Via { get; init; }
}

/// <summary>The server's public egress IP, the one brokers see on order requests.</summary>
public interface IPublicIpProvider
{
    /// <summary>The configured IP, else a (cached) lookup; never throws for network failures.</summary>
    Task<PublicIpInfo> GetAsync(CancellationToken cancellationToken = default);
}

internal sealed partial class PublicIpProvider(IHttpClientFactory httpFactory, IOptions<NetworkOptions> options, TimeProvider time, ILogger<PublicIpProvider> logger) : IPublicIpProvider, IDisposable
{
    public const string HttpClientName = "BrokerConsole.PublicIp";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (PublicIpInfo Info, DateTimeOffset At)? _cached;

    public async Task<PublicIpInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.PublicIp))
        {
            return new PublicIpInfo(o.PublicIp.Trim(), PublicIpSource.Configured, null) { Via = EgressProxy.Describe(o.EgressProxy) };
        }

        if (o.PublicIpLookupUrl is null)
        {
            return new PublicIpInfo(null, PublicIpSource.Unknown, "Detection is off (Network:PublicIpLookupUrl is empty).");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } hit && time.GetUtcNow() - hit.At < o.CacheFor)
            {
                return hit.Info;
            }

            var info = await LookUpAsync(o, cancellationToken) with { Via = EgressProxy.Describe(o.EgressProxy) };
            _cached = (info, time.GetUtcNow());
            return info;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<PublicIpInfo> LookUpAsync(NetworkOptions o, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.LookupTimeout);
        try
        {
            var client = httpFactory.CreateClient(HttpClientName);
            var text = (await client.GetStringAsync(o.PublicIpLookupUrl, timeout.Token)).Trim();
            if (IPAddress.TryParse(text, out var ip))
            {
                return new PublicIpInfo(ip.ToString(), PublicIpSource.Detected, null);
            }

            return new PublicIpInfo(null, PublicIpSource.Unknown, "The lookup service did not answer with an IP address.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogLookupFailed(logger, ex.GetType().Name);
            return new PublicIpInfo(null, PublicIpSource.Unknown, "The lookup service could not be reached.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Public IP lookup failed: {Failure}")]
    private static partial void LogLookupFailed(ILogger logger, string failure);
}
