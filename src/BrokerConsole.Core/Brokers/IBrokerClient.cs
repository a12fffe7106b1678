using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// The operations every broker offers, bound to one account's session (see
/// <see cref="IBrokerClientFactory"/>). Every call may also throw <see cref="OperationCanceledException"/>
/// when <c>cancellationToken</c> is cancelled. Reads are retried on transient failures and broker throttles
/// (waiting the broker's <c>Retry-After</c> up to 5 s); order placement, modification, cancellation, logins and logout
/// are never retried by the client (<see cref="Http.BrokerHttpPipeline"/>, checked per broker by the conformance tests).
/// </summary>
public interface IBrokerClient
{
    /// <summary>The broker this client talks to.</summary>
    BrokerKind Broker { get; }

    /// <summary>The account holder's profile; also a cheap way to validate the session.</summary>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="PermissionDeniedException">The app may not make this call.</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<BrokerProfile> GetProfileAsync(CancellationToken cancellationToken);

    /// <summary>Funds and margins of every segment.</summary>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<Funds> GetFundsAsync(CancellationToken cancellationToken);

    /// <summary>Funds and margins of one segment.</summary>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<SegmentFunds> GetFundsAsync(FundsSegment segment, CancellationToken cancellationToken);

    /// <summary>Today's order book: open, executed, cancelled and rejected orders.</summary>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(CancellationToken cancellationToken);

    /// <summary>Every state an order went through, oldest first; the last entry is its current state.</summary>
    /// <exception cref="ArgumentException"><paramref name="orderId"/> is empty.</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="BrokerRejectedException">The broker does not know the order.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyList<BrokerOrder>> GetOrderHistoryAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Today's fills across all orders.</summary>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyList<BrokerTrade>> GetTradesAsync(CancellationToken cancellationToken);

    /// <summary>The fills of one order.</summary>
    /// <exception cref="ArgumentException"><paramref name="orderId"/> is empty.</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="BrokerRejectedException">The broker does not know the order.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyList<BrokerTrade>> GetOrderTradesAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Net and day positions.</summary>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<Positions> GetPositionsAsync(CancellationToken cancellationToken);

    /// <summary>Demat holdings.</summary>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyList<Holding>> GetHoldingsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Last traded prices for a batch of instruments, split into as many requests as the broker's
    /// per-request limit needs. Instruments the broker has no price for are absent from the result.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="instruments"/> is null.</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyDictionary<InstrumentKey, LastPrice>> GetLastPricesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken);

    /// <summary>Last price and OHLC for a batch of instruments; unknown instruments are absent.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="instruments"/> is null.</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyDictionary<InstrumentKey, OhlcQuote>> GetOhlcAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken);

    /// <summary>Full quotes with market depth for a batch of instruments; unknown instruments are absent.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="instruments"/> is null.</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<IReadOnlyDictionary<InstrumentKey, Quote>> GetQuotesAsync(IReadOnlyCollection<InstrumentKey> instruments, CancellationToken cancellationToken);

    /// <summary>
    /// Places an order. Success means the broker registered it, not that it executed: an RMS
    /// rejection can still appear later in the order book. Never retried by the client.
    /// </summary>
    /// <exception cref="ArgumentException">The request is incomplete (e.g. a limit order without a price).</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="BrokerRejectedException">The broker refused the order (input, margin, holdings, RMS).</exception>
    /// <exception cref="RateLimitedException">Too many order requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">
    /// No answer or a server error: the order may or may not exist. Reconcile via its tag before placing again.
    /// </exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<PlacedOrder> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken);

    /// <summary>Modifies an open order. Never retried by the client.</summary>
    /// <exception cref="ArgumentException">The modification has no order id.</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="BrokerRejectedException">The broker refused the change (e.g. order already complete, modification limit).</exception>
    /// <exception cref="RateLimitedException">Too many order requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">No answer or a server error: check the order's history.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<PlacedOrder> ModifyOrderAsync(OrderModification modification, CancellationToken cancellationToken);

    /// <summary>Cancels an open order (or exits a cover order's second leg with <paramref name="parentOrderId"/>). Never retried.</summary>
    /// <exception cref="ArgumentException"><paramref name="orderId"/> is empty.</exception>
    /// <exception cref="SessionExpiredException">The access token is no longer valid.</exception>
    /// <exception cref="BrokerRejectedException">The broker refused (e.g. order already complete).</exception>
    /// <exception cref="RateLimitedException">Too many order requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">No answer or a server error: check the order's history.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task<PlacedOrder> CancelOrderAsync(string orderId, OrderVariety variety, string? parentOrderId, CancellationToken cancellationToken);

    /// <summary>Invalidates this session's access token at the broker. Never retried.</summary>
    /// <exception cref="SessionExpiredException">The token was already invalid (the session is over either way).</exception>
    /// <exception cref="RateLimitedException">Too many requests (locally or at the broker).</exception>
    /// <exception cref="BrokerUnavailableException">Unreachable, timed out, or a server-side error.</exception>
    /// <exception cref="BrokerApiException">Any other broker error.</exception>
    Task LogoutAsync(CancellationToken cancellationToken);
}

/// <summary>Creates clients bound to one account's session.</summary>
public interface IBrokerClientFactory
{
    /// <summary>A client that makes every call with <paramref name="connection"/>'s credentials. Cheap; create one per use.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="NotSupportedException">No client exists yet for the connection's broker.</exception>
    /// <exception cref="InvalidOperationException">The connection's environment has no configured API root (e.g. sandbox not configured).</exception>
    IBrokerClient Create(BrokerConnection connection);
}
