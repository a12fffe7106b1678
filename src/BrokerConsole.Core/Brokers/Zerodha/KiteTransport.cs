using System.Text;
using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.Http;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>One Kite REST call, described before it is turned into an HTTP request.</summary>
internal sealed class KiteCall
{
    public required HttpMethod Method { get; init; }

    /// <summary>Path below the API root, segments already escaped, e.g. <c>/orders/regular/123</c>.</summary>
    public required string Path { get; init; }

    public KiteEndpointClass EndpointClass { get; init; } = KiteEndpointClass.Other;

    public required Uri ApiRoot { get; init; }

    public required string ApiKey { get; init; }

    /// <summary>Null for the session exchange, which has no session yet.</summary>
    public string? AccessToken { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>>? Form { get; init; }

    /// <summary>Values that must never appear in an exception message (secret, request token, checksum).</summary>
    public IReadOnlyList<string> ExtraSecrets { get; init; } = [];

    /// <summary>The Zerodha user the session belongs to, when known: Kite's per-minute and per-day order caps are per user.</summary>
    public string? UserId { get; init; }

    /// <summary>A new order (counts toward the daily cap as well as the per-minute one).</summary>
    public bool IsPlacement { get; init; }

    /// <summary>Only GETs are reads; orders and the session calls are sent once.</summary>
    public BrokerCallKind Kind => Method == HttpMethod.Get ? BrokerCallKind.Read
        : EndpointClass == KiteEndpointClass.Order ? BrokerCallKind.Order
        : BrokerCallKind.Session;
}

/// <summary>
/// Kite's protocol over the shared <see cref="BrokerHttpPipeline"/>: the URL, form and credentials of a call (the
/// headers themselves are <see cref="KiteAuthHandler"/>'s), Kite's per-key limits and per-user order caps, and the
/// <c>{status, data}</c> envelope mapped through <see cref="KiteErrorMap"/>.
/// </summary>
internal sealed class KiteTransport
{
    public const string HttpClientName = "BrokerConsole.Zerodha";

    private readonly HttpClient _http;
    private readonly ZerodhaOptions _options;
    private readonly KiteRateLimiter _limiter;
    private readonly KiteOrderCaps _orderCaps;
    private readonly BrokerHttpPipeline _pipeline;

    public KiteTransport(HttpClient http, IOptions<ZerodhaOptions> options, KiteRateLimiter limiter, KiteOrderCaps orderCaps, BrokerHttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _limiter = limiter;
        _orderCaps = orderCaps;
        _pipeline = pipeline;
    }

    public ZerodhaOptions Options => _options;

    /// <summary>Sends the call and returns the envelope's <c>data</c>.</summary>
    public Task<T> SendAsync<T>(KiteCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _pipeline.SendAsync(_http, new BrokerRequest
        {
            Broker = BrokerKind.Zerodha,
            Method = call.Method,
            Uri = BuildUri(call),
            Kind = call.Kind,
            Timeout = _options.RequestTimeout,
            Retry = new BrokerReadRetry(_options.ReadRetryCount, _options.ReadRetryBaseDelay),
            PaceAsync = ct => PaceAsync(call, ct),
            Prepare = request =>
            {
                if (call.Form is not null)
                {
                    request.Content = new FormUrlEncodedContent(call.Form);
                }

                request.Options.Set(KiteAuthHandler.AuthKey, new KiteAuth(call.ApiKey, call.AccessToken));
            },
            Secrets = [.. call.ExtraSecrets, call.AccessToken],
        }, Interpret<T>, cancellationToken);
    }

    private async ValueTask PaceAsync(KiteCall call, CancellationToken cancellationToken)
    {
        await _limiter.AcquireAsync(call.ApiKey, call.EndpointClass, cancellationToken);
        if (call.EndpointClass == KiteEndpointClass.Order)
        {
            // After the per-second permit, right before sending: a request refused here was never sent.
            _orderCaps.Take(call.ApiRoot, call.UserId ?? call.ApiKey, call.IsPlacement);
        }
    }

    private static Uri BuildUri(KiteCall call)
    {
        var url = new StringBuilder(call.ApiRoot.AbsoluteUri.TrimEnd('/')).Append(call.Path);
        for (var i = 0; i < call.Query.Count; i++)
        {
            url.Append(i == 0 ? '?' : '&')
                .Append(Uri.EscapeDataString(call.Query[i].Key))
                .Append('=')
                .Append(Uri.EscapeDataString(call.Query[i].Value));
        }

        return new Uri(url.ToString(), UriKind.Absolute);
    }

    private static T Interpret<T>(BrokerResponse response)
    {
        var status = response.Status;
        if (response.IsSuccess)
        {
            KiteEnvelope<T>? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize<KiteEnvelope<T>>(response.Body, KiteMapping.Json);
            }
            catch (JsonException ex)
            {
                throw new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.MalformedResponse, status, null, null, ex);
            }

            if (envelope is null || envelope.Status == "error" || envelope.ErrorType is not null)
            {
                // Never seen from Kite with a 2xx, but the envelope is what decides.
                throw KiteErrorMap.Map(status, envelope?.ErrorType, response.Scrub(envelope?.Message), response.RetryAfter);
            }

            if (envelope.Data is null)
            {
                throw new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.MalformedResponse, status, null, null);
            }

            return envelope.Data;
        }

        KiteErrorEnvelope? error = null;
        try
        {
            error = JsonSerializer.Deserialize<KiteErrorEnvelope>(response.Body, KiteMapping.Json);
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy or load balancer: the status alone decides.
        }

        throw KiteErrorMap.Map(status, error?.ErrorType, response.Scrub(error?.Message), response.RetryAfter);
    }
}
