using System.Globalization;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>
/// The book's exchange side: the RMS checks that reject an order, matching against the market's last price, fills
/// with their trades and positions, cancellation, and the postbacks each change queues.
/// </summary>
internal sealed partial class KiteOrderBook
{
    /// <summary>The RMS: funds for buys, holdings for delivery sells; failures become REJECTED, not HTTP errors.</summary>
    private (string Message, string Raw)? RmsCheck(KiteAccount account, KiteOrder order)
    {
        var ltp = _market.LastPrice(order.Instrument);
        if (order.TransactionType == "BUY")
        {
            var required = order.Quantity * (order.Price > 0 ? order.Price : ltp);
            var available = account.User.OpeningBalance - account.Spent - Blocked(account, except: order);
            if (required > available)
            {
                var r = required.ToString("F2", CultureInfo.InvariantCulture);
                var a = available.ToString("F2", CultureInfo.InvariantCulture);
                return ($"Insufficient funds. Required margin is {r} but available margin is {a}. Check the orderbook for open orders.",
                    $"RMS:Margin Exceeds,Required:{r}, Available:{a} for entity account-{account.User.UserId} across exchange across segment across product ");
            }
        }
        else if (order.Product == "CNC")
        {
            var held = account.Holdings.TryGetValue(order.Instrument.Key, out var holding) ? holding.Held : 0;
            var selling = account.Orders.Where(o => o != order && o.IsLive && o.Product == "CNC" && o.TransactionType == "SELL"
                && o.Instrument == order.Instrument).Sum(o => o.Quantity - o.FilledQuantity);
            if (order.Quantity > held - selling)
            {
                return ($"Insufficient holdings. Required quantity is {order.Quantity} but available quantity is {Math.Max(0, held - selling)}.",
                    $"RMS:Holdings Exceeds,Required:{order.Quantity}, Available:{Math.Max(0, held - selling)}");
            }
        }

        return null;
    }

    /// <summary>Cash reserved by open buy orders (limit price, or LTP for market-priced orders).</summary>
    private double Blocked(KiteAccount account, KiteOrder? except = null) =>
        account.Orders.Where(o => o != except && o.IsLive && o.TransactionType == "BUY")
            .Sum(o => (o.Quantity - o.FilledQuantity) * (o.Price > 0 ? o.Price : _market.LastPrice(o.Instrument)));

    /// <summary>Every user's live orders, so fills and their postbacks do not wait for that user's next call.</summary>
    private void EvaluateAll(DateTimeOffset now)
    {
        foreach (var account in _accounts.Values)
        {
            Evaluate(account, now);
        }
    }

    private void Evaluate(KiteAccount account, DateTimeOffset now)
    {
        foreach (var order in account.Orders.Where(o => o.IsLive).ToList())
        {
            if (order.Validity == "TTL" && now >= order.PlacedAt.AddMinutes(order.ValidityTtl))
            {
                Cancel(order, now);
                continue;
            }

            Match(account, order, now);
        }
    }

    /// <summary>Triggers stops and fills orders the LTP has crossed; fills are whole and at the LTP (never worse than the limit).</summary>
    private void Match(KiteAccount account, KiteOrder order, DateTimeOffset now)
    {
        var ltp = _market.LastPrice(order.Instrument);
        var buy = order.TransactionType == "BUY";
        if (order.Status == KiteStatus.TriggerPending)
        {
            if (buy ? ltp < order.TriggerPrice : ltp > order.TriggerPrice)
            {
                return;
            }

            order.Triggered = true;
            order.Transition(KiteStatus.Open, now);
        }

        var marketable = order.OrderType is "MARKET" or "SL-M" || (buy ? ltp <= order.Price : ltp >= order.Price);
        if (order.Status == KiteStatus.Open && marketable)
        {
            Fill(account, order, ltp, now);
        }
    }

    private void Fill(KiteAccount account, KiteOrder order, double price, DateTimeOffset now)
    {
        var quantity = order.Quantity - order.FilledQuantity;
        order.FilledQuantity += quantity;
        order.AveragePrice = price;
        order.ExchangeUpdateTimestamp = now;
        account.Trades.Add(new KiteTrade((++_tradeSequence).ToString(CultureInfo.InvariantCulture), order, order.ExchangeOrderId!, price, quantity, now));

        var key = $"{order.Instrument.Key}:{order.Product}";
        if (!account.Positions.TryGetValue(key, out var position))
        {
            position = new KitePosition(order.Instrument, order.Product);
            account.Positions[key] = position;
        }

        var value = price * quantity;
        if (order.TransactionType == "BUY")
        {
            position.BuyQuantity += quantity;
            position.BuyValue += value;
            account.Spent += value;
        }
        else
        {
            position.SellQuantity += quantity;
            position.SellValue += value;
            account.Spent -= value;
        }

        if (order.Product == "CNC")
        {
            if (!account.Holdings.TryGetValue(order.Instrument.Key, out var holding))
            {
                holding = new KiteHolding(order.Instrument, 0, 0);
                account.Holdings[order.Instrument.Key] = holding;
            }

            if (order.TransactionType == "BUY")
            {
                holding.AddBuy(quantity, price);
            }
            else
            {
                holding.UsedQuantity += quantity;
            }
        }

        order.Transition(KiteStatus.Complete, now);
        Notify(order);
    }

    private void Cancel(KiteOrder order, DateTimeOffset now)
    {
        order.Transition(KiteStatus.CancelPending, now);
        order.CancelledQuantity = order.Quantity - order.FilledQuantity;
        order.Transition(KiteStatus.Cancelled, now);
        Notify(order);
    }

    /// <summary>Queues a postback (reference §11) for orders placed through an app with a postback URL.</summary>
    private void Notify(KiteOrder order, string? statusOverride = null)
    {
        if (string.IsNullOrEmpty(order.App.PostbackUrl))
        {
            return;
        }

        var timestamp = IstClock.Format(order.OrderTimestamp);
        var payload = order.ToPostback(KitePostbacks.Checksum(order.OrderId, timestamp, order.App.ApiSecret));
        _outbox.Add((order, statusOverride is null ? payload : payload with { Status = statusOverride }));
    }

    /// <summary>Hands queued postbacks to the sender; the sender never blocks or throws back into the book.</summary>
    private void Flush()
    {
        foreach (var (order, payload) in _outbox)
        {
            postbacks.Send(order.App.PostbackUrl!, payload);
        }

        _outbox.Clear();
    }

    /// <summary>19 digits like current Kite ids (reference §3.4): IST yyMMdd + a 13-digit sequence.</summary>
    private string NewOrderId(DateTimeOffset now) =>
        IstClock.ToIst(now).ToString("yyMMdd", CultureInfo.InvariantCulture)
        + (++_orderSequence).ToString("D13", CultureInfo.InvariantCulture);
}
