using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers.Http;

/// <summary>
/// One broker call as the pipeline sends it. The broker's transport fills in its protocol (URL, headers, body, rate
/// limit class, secrets); everything else (pacing, timeout, retries, logging, scrubbing) is the pipeline's.
/// </summary>
internal sealed class BrokerRequest
{
    public required BrokerKind Broker { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>The full URL. Only its path is ever logged: some brokers carry secrets in the query.</summary>
    public required Uri Uri { get; init; }

    public required BrokerCallKind Kind { get; init; }

    /// <summary>The per-attempt time limit; when it passes the attempt fails with <see cref="UnavailableCause.Timeout"/>.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Reads only; orders and session calls are never retried whatever this says.</summary>
    public BrokerReadRetry Retry { get; init; } = BrokerReadRetry.None;

    /// <summary>
    /// Waits for the broker's local rate-limit slot (and any local cap). Runs before every attempt, because a retry is
    /// a new request on the broker's meter; throwing here means nothing was sent.
    /// </summary>
    public Func<CancellationToken, ValueTask>? PaceAsync { get; init; }

    /// <summary>Adds the broker's headers and body. Called per attempt: a request message can be sent only once.</summary>
    public Action<HttpRequestMessage>? Prepare { get; init; }

    /// <summary>Values that must never reach an exception message or a log (tokens, secrets, codes, PINs).</summary>
    public IReadOnlyList<string?> Secrets { get; init; } = [];
}

/// <summary>What came back, read whole; the broker's protocol turns it into data or a typed exception.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body as text (empty when there was none).</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header as a wait from now, when the broker sent one.</param>
/// <param name="Secrets">The request's secrets, for <see cref="BrokerSecrets.Scrub"/> of any broker message.</param>
internal sealed record BrokerResponse(int Status, string Body, TimeSpan? RetryAfter, IReadOnlyList<string?> Secrets)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>A broker message with the request's secrets removed, trimmed and cut to a sane length.</summary>
    public string? Scrub(string? message) => BrokerSecrets.Scrub(message, Secrets);

    /// <summary>Status only: the body may echo a secret and the secrets are, well, secrets.</summary>
    public override string ToString() => $"BrokerResponse {{ Status = {Status} }}";
}
