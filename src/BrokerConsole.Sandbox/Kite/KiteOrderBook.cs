using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// The OMS + exchange of the sandbox: accepts orders, runs the RMS checks that surface as REJECTED
/// (reference §4.4), fills against <see cref="KiteMarket"/>, and keeps trades, positions, holdings and funds.
/// Orders are re-evaluated on every call, so a fake clock drives fills without background timers.
/// One lock guards all books: contention is irrelevant at sandbox volumes, correctness is not.
/// </summary>
internal sealed partial class KiteOrderBook(
    TimeProvider clock, KiteMarket market, IOptions<SandboxOptions> options, KitePostbacks postbacks)
{
    public const int MaxModifications = 25;

    private readonly KiteMarket _market = market;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KiteAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(KiteOrder Order, KitePostbackWire Payload)> _outbox = [];
    private long _orderSequence = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
    private long _exchangeSequence = 1_300_000_000_000_000;
    private long _tradeSequence = 10_000_000;

    public (string? OrderId, KiteError? Error) Place(KiteSession session, KiteSandboxApp app, KiteOrderRequest request)
    {
        lock (_gate)
        {
            try
            {
                var now = clock.GetUtcNow();
                var account = Account(session.UserId);
                EvaluateAll(now);
                var order = new KiteOrder(NewOrderId(now), session.UserId, app, request, now);
                account.Orders.Add(order);
                order.Transition(KiteStatus.PutOrderReqReceived, now);
                order.Transition(KiteStatus.ValidationPending, now);

                var rejection = RmsCheck(account, order);
                if (rejection is not null)
                {
                    order.StatusMessage = rejection.Value.Message;
                    order.StatusMessageRaw = rejection.Value.Raw;
                    order.Transition(KiteStatus.Rejected, now);
                    Notify(order);
                }
                else
                {
                    order.Transition(KiteStatus.OpenPending, now);
                    order.ExchangeOrderId = (++_exchangeSequence).ToString(CultureInfo.InvariantCulture);
                    order.ExchangeTimestamp = now;
                    order.Transition(request.OrderType is "SL" or "SL-M" ? KiteStatus.TriggerPending : KiteStatus.Open, now);
                    Match(account, order, now);
                    if (order.IsLive && order.Validity == "IOC")
                    {
                        Cancel(order, now);
                    }
                }

                return (order.OrderId, null);
            }
            finally
            {
                // Postbacks queued by this call (or by re-evaluation) leave whatever the outcome.
                Flush();
            }
        }
    }

    public (string? OrderId, KiteError? Error) Modify(string userId, string variety, string orderId, IFormCollection form)
    {
        lock (_gate)
        {
            try
            {
                var now = clock.GetUtcNow();
                var account = Account(userId);
                EvaluateAll(now);
                var (order, error) = FindLive(account, variety, orderId, "modified");
                if (order is null)
                {
                    return (null, error);
                }

                if (order.Modifications >= MaxModifications)
                {
                    return (null, KiteError.TooManyRequests with { Message = "Maximum allowed order modifications exceeded" });
                }

                var orderType = KiteOrderRequest.Text(form, "order_type") ?? order.OrderType;
                if (orderType is not ("MARKET" or "LIMIT" or "SL" or "SL-M"))
                {
                    return (null, KiteError.Invalid("order_type"));
                }

                var validity = KiteOrderRequest.Text(form, "validity") ?? order.Validity;
                if (validity is not ("DAY" or "IOC" or "TTL") || (validity == "TTL" && order.ValidityTtl <= 0))
                {
                    return (null, KiteError.Invalid("validity"));
                }

                if (!KiteOrderRequest.TryInt(form, "quantity", out var quantity) || quantity < 0
                    || !KiteOrderRequest.TryDecimal(form, "price", out var price) || price < 0
                    || !KiteOrderRequest.TryDecimal(form, "trigger_price", out var trigger) || trigger < 0
                    || !KiteOrderRequest.TryInt(form, "disclosed_quantity", out var disclosed) || disclosed < 0)
                {
                    return (null, KiteError.Input("Invalid modify parameters: quantity, price, trigger_price and disclosed_quantity must be non-negative numbers."));
                }

                var protection = order.MarketProtection;
                if (orderType is "MARKET" or "SL-M")
                {
                    KiteError? protectionError;
                    (protection, protectionError) = KiteOrderRequest.Text(form, "market_protection") is null && order.MarketProtection != 0
                        ? (order.MarketProtection, null)
                        : KiteOrderRequest.ParseMarketProtection(form, orderType);
                    if (protectionError is not null)
                    {
                        return (null, protectionError);
                    }
                }

                var newPrice = price > 0 ? price : order.Price;
                var newTrigger = trigger > 0 ? trigger : order.TriggerPrice;
                if ((orderType is "LIMIT" or "SL" && newPrice <= 0) || (orderType is "SL" or "SL-M" && newTrigger <= 0))
                {
                    return (null, KiteError.Input("Invalid `price` or `trigger_price` for the new order type."));
                }

                order.Transition(KiteStatus.ModifyValidationPending, now);
                order.Transition(KiteStatus.ModifyPending, now);
                order.Modifications++;
                order.OrderType = orderType;
                order.Quantity = quantity > 0 ? quantity : order.Quantity;
                order.Price = orderType is "MARKET" or "SL-M" ? 0 : newPrice;
                order.TriggerPrice = orderType is "SL" or "SL-M" ? newTrigger : 0;
                order.DisclosedQuantity = Math.Min(KiteOrderRequest.Text(form, "disclosed_quantity") is null ? order.DisclosedQuantity : disclosed, order.Quantity);
                order.Validity = validity;
                order.MarketProtection = protection;
                order.OrderTimestamp = now;
                order.Transition(KiteStatus.Modified, now);
                order.Transition(orderType is "SL" or "SL-M" && !order.Triggered ? KiteStatus.TriggerPending : KiteStatus.Open, now);
                Notify(order, "UPDATE");
                Match(account, order, now);
                return (order.OrderId, null);
            }
            finally
            {
                // Postbacks queued by this call (or by re-evaluation) leave whatever the outcome.
                Flush();
            }
        }
    }

    public (string? OrderId, KiteError? Error) Cancel(string userId, string variety, string orderId)
    {
        lock (_gate)
        {
            try
            {
                var now = clock.GetUtcNow();
                var account = Account(userId);
                EvaluateAll(now);
                var (order, error) = FindLive(account, variety, orderId, "cancelled");
                if (order is not null)
                {
                    Cancel(order, now);
                }

                return (order?.OrderId, error);
            }
            finally
            {
                // Postbacks queued by this call (or by re-evaluation) leave whatever the outcome.
                Flush();
            }
        }
    }

    public IReadOnlyList<KiteOrderWire> Orders(string userId) =>
        Read(userId, account => account.Orders.Select(o => o.ToWire()).ToList());

    public IReadOnlyList<KiteOrderHistoryWire>? History(string userId, string orderId) =>
        Read(userId, account => account.Orders.FirstOrDefault(o => o.OrderId == orderId)?.History.ToList());

    public IReadOnlyList<KiteTradeWire> Trades(string userId, string? orderId = null) =>
        Read(userId, account => account.Trades.Where(t => orderId is null || t.Order.OrderId == orderId).Select(t => t.ToWire()).ToList());

    public bool HasOrder(string userId, string orderId) => Read(userId, account => account.Orders.Any(o => o.OrderId == orderId));

    public KitePositionsWire Positions(string userId) => Read(userId, account =>
    {
        var prices = _market.Snapshot(account.Positions.Values.Select(p => p.Instrument.Key).Distinct());
        var rows = account.Positions.Values.Select(p => p.ToWire(prices[p.Instrument.Key])).ToList();
        return new KitePositionsWire(rows, rows);
    });

    public IReadOnlyList<KiteHoldingWire> Holdings(string userId) => Read(userId, account =>
    {
        var prices = _market.Snapshot(account.Holdings.Keys);
        return account.Holdings.Values.Select(h => h.ToWire(prices[h.Instrument.Key])).ToList();
    });

    public KiteSegmentMarginWire EquityMargins(string userId) => Read(userId, account =>
    {
        var opening = account.User.OpeningBalance;
        var blocked = Blocked(account);
        var prices = _market.Snapshot(account.Positions.Values.Select(p => p.Instrument.Key).Distinct());
        var rows = account.Positions.Values.Select(p => p.ToWire(prices[p.Instrument.Key])).ToList();
        var live = opening - account.Spent - blocked;
        return new KiteSegmentMarginWire(
            true, KitePosition.R(live),
            new KiteAvailableWire(0, opening, opening, KitePosition.R(live), 0, 0),
            new KiteUtilisedWire(KitePosition.R(account.Spent + blocked), 0, KitePosition.R(rows.Sum(r => r.Realised)),
                KitePosition.R(rows.Sum(r => r.Unrealised)), 0, 0, 0, 0, 0, 0, 0, 0));
    });

    /// <summary>The sandbox does not trade commodities: an enabled, empty segment like margin_commodity.json's shape.</summary>
    public static KiteSegmentMarginWire CommodityMargins() =>
        new(true, 0, new KiteAvailableWire(0, 0, 0, 0, 0, 0), new KiteUtilisedWire(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

    /// <summary>Control surface: forget every order, trade and position (holdings return to the configured seed).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _accounts.Clear();
        }
    }

    private T Read<T>(string userId, Func<KiteAccount, T> read)
    {
        lock (_gate)
        {
            try
            {
                var account = Account(userId);
                EvaluateAll(clock.GetUtcNow());
                var result = read(account);
                return result;
            }
            finally
            {
                // Postbacks queued by this call (or by re-evaluation) leave whatever the outcome.
                Flush();
            }
        }
    }

    private KiteAccount Account(string userId)
    {
        if (!_accounts.TryGetValue(userId, out var account))
        {
            var user = options.Value.Kite.Users.First(u => string.Equals(u.UserId, userId, StringComparison.OrdinalIgnoreCase));
            account = new KiteAccount(user);
            _accounts[userId] = account;
        }

        return account;
    }

    private static (KiteOrder? Order, KiteError? Error) FindLive(KiteAccount account, string variety, string orderId, string verb)
    {
        var order = account.Orders.FirstOrDefault(o => o.OrderId == orderId);
        if (order is null)
        {
            return (null, NotFound);
        }

        if (order.Variety != variety)
        {
            return (null, KiteError.Invalid("variety"));
        }

        return order.IsLive
            ? (order, null)
            : (null, new KiteError(StatusCodes.Status400BadRequest, "OrderException", $"Order cannot be {verb} as it is {order.Status}."));
    }

    /// <summary>Sandbox choice: the reference does not document the unknown-order reply; 404 matches its "not found" row.</summary>
    public static readonly KiteError NotFound = new(StatusCodes.Status404NotFound, "GeneralException", "Couldn't find that `order_id`.");

}
