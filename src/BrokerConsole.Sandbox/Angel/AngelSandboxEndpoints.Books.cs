using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>SmartAPI reads: search, LTP and quotes, and the order, trade, position and holding books in their wire shape.</summary>
internal static partial class AngelSandboxEndpoints
{
    private static async Task<IResult> SearchScrip(HttpContext http)
    {
        var body = await ReadBody(http);
        var found = AngelMarket.Search(body.GetValueOrDefault("exchange"), body.GetValueOrDefault("searchscrip"))
            .Select(s => new { exchange = s.Exchange, tradingsymbol = s.TradingSymbol, symboltoken = s.Token }).ToList();
        return Ok(NullIfEmpty(found));
    }

    private static async Task<IResult> LtpData(HttpContext http, AngelState state)
    {
        var body = await ReadBody(http);
        var scrip = AngelMarket.FindToken(body.GetValueOrDefault("exchange"), body.GetValueOrDefault("symboltoken"));
        if (scrip is null)
        {
            return Fail("AB1018", "Failed to get symbol details");
        }

        var ltp = state.Ltp(scrip);
        return Ok(new { exchange = scrip.Exchange, tradingsymbol = scrip.TradingSymbol, symboltoken = scrip.Token, open = ltp, high = ltp, low = ltp, close = ltp, ltp });
    }

    /// <summary><c>market/v1/quote</c>: camelCase keys, numbers as numbers, unknown tokens listed in <c>unfetched</c>.</summary>
    private static async Task<IResult> Quote(HttpContext http, AngelState state)
    {
        using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var root = document.RootElement;
        if (!root.TryGetProperty("mode", out var mode) || mode.GetString() is not ("LTP" or "OHLC" or "FULL")
            || !root.TryGetProperty("exchangeTokens", out var tokens) || tokens.ValueKind != JsonValueKind.Object)
        {
            return Fail("AB2000", "Invalid mode or exchangeTokens");
        }

        var fetched = new List<object>();
        var unfetched = new List<object>();
        foreach (var exchange in tokens.EnumerateObject())
        {
            foreach (var token in exchange.Value.EnumerateArray().Select(t => t.ToString()))
            {
                if (AngelMarket.FindToken(exchange.Name, token) is { } scrip)
                {
                    fetched.Add(new { exchange = scrip.Exchange, tradingSymbol = scrip.TradingSymbol, symbolToken = scrip.Token, ltp = state.Ltp(scrip) });
                }
                else
                {
                    unfetched.Add(new { exchange = exchange.Name, symbolToken = token, message = "Symbol not found", errorCode = "AB1009" });
                }
            }
        }

        return Ok(new { fetched, unfetched });
    }

    private static Dictionary<string, string> OrderWire(AngelSandboxOrder o)
    {
        var s = (decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var i = (int v) => v.ToString(CultureInfo.InvariantCulture);
        var time = o.UpdatedAt.ToOffset(_istOffset).ToString("dd-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        var open = o.Status is "open" or "trigger pending";
        return new Dictionary<string, string>
        {
            ["variety"] = o.Variety,
            ["ordertype"] = o.OrderType,
            ["producttype"] = o.ProductType,
            ["duration"] = o.Duration,
            ["price"] = s(o.Price),
            ["triggerprice"] = s(o.TriggerPrice),
            ["quantity"] = i(o.Quantity),
            ["disclosedquantity"] = "0",
            ["squareoff"] = "0.00",
            ["stoploss"] = "0.00",
            ["trailingstoploss"] = "0.00",
            ["tradingsymbol"] = o.Scrip.TradingSymbol,
            ["transactiontype"] = o.TransactionType,
            ["exchange"] = o.Scrip.Exchange,
            ["symboltoken"] = o.Scrip.Token,
            ["ordertag"] = o.OrderTag ?? "",
            ["instrumenttype"] = "",
            ["lotsize"] = "1",
            ["cancelsize"] = o.Status == "cancelled" ? i(o.Quantity - o.Filled) : "0",
            ["averageprice"] = s(o.AveragePrice),
            ["filledshares"] = i(o.Filled),
            ["unfilledshares"] = open ? i(o.Quantity - o.Filled) : "0",
            ["orderid"] = o.OrderId,
            ["text"] = o.Text,
            ["status"] = o.Status,
            ["orderstatus"] = o.Status,
            ["updatetime"] = time,
            ["exchtime"] = time,
            ["exchorderupdatetime"] = time,
            ["parentorderid"] = "",
            ["uniqueorderid"] = o.UniqueOrderId,
            ["exchangeorderid"] = o.Status == "complete" || open ? "1100000" + o.OrderId[^8..] : "",
        };
    }

    private static Dictionary<string, string> TradeWire(AngelSandboxOrder o) => new()
    {
        ["exchange"] = o.Scrip.Exchange,
        ["producttype"] = o.ProductType,
        ["tradingsymbol"] = o.Scrip.TradingSymbol,
        ["symboltoken"] = o.Scrip.Token,
        ["transactiontype"] = o.TransactionType,
        ["fillprice"] = o.AveragePrice.ToString("0.00", CultureInfo.InvariantCulture),
        ["fillsize"] = o.Filled.ToString(CultureInfo.InvariantCulture),
        ["orderid"] = o.OrderId,
        ["fillid"] = "F" + o.OrderId,
        ["filltime"] = o.UpdatedAt.ToOffset(_istOffset).ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        ["tradevalue"] = (o.AveragePrice * o.Filled).ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static List<Dictionary<string, string>> Positions(AngelState state, string clientCode)
    {
        var s = (decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        return state.Orders(clientCode).Where(o => o.Filled > 0).GroupBy(o => (o.Scrip, o.ProductType)).Select(g =>
        {
            var buys = g.Where(o => o.TransactionType == "BUY").ToList();
            var sells = g.Where(o => o.TransactionType == "SELL").ToList();
            var buyQty = buys.Sum(o => o.Filled);
            var sellQty = sells.Sum(o => o.Filled);
            var buyAmt = buys.Sum(o => o.Filled * o.AveragePrice);
            var sellAmt = sells.Sum(o => o.Filled * o.AveragePrice);
            var net = buyQty - sellQty;
            var ltp = state.Ltp(g.Key.Scrip);
            var pnl = sellAmt - buyAmt + (net * ltp);
            return new Dictionary<string, string>
            {
                ["exchange"] = g.Key.Scrip.Exchange,
                ["symboltoken"] = g.Key.Scrip.Token,
                ["tradingsymbol"] = g.Key.Scrip.TradingSymbol,
                ["symbolname"] = g.Key.Scrip.Name,
                ["producttype"] = g.Key.ProductType,
                ["buyqty"] = buyQty.ToString(CultureInfo.InvariantCulture),
                ["sellqty"] = sellQty.ToString(CultureInfo.InvariantCulture),
                ["netqty"] = net.ToString(CultureInfo.InvariantCulture),
                ["buyamount"] = s(buyAmt),
                ["sellamount"] = s(sellAmt),
                ["buyavgprice"] = s(buyQty == 0 ? 0 : buyAmt / buyQty),
                ["sellavgprice"] = s(sellQty == 0 ? 0 : sellAmt / sellQty),
                ["avgnetprice"] = s(net == 0 ? 0 : (buyAmt - sellAmt) / net),
                ["netvalue"] = s(sellAmt - buyAmt),
                ["cfbuyqty"] = "0",
                ["cfsellqty"] = "0",
                ["ltp"] = s(ltp),
                ["close"] = s(g.Key.Scrip.BasePrice),
                ["pnl"] = s(pnl),
                ["lotsize"] = "1",
            };
        }).ToList();
    }

    private static List<Dictionary<string, string>> Holdings(AngelState state, AngelSandboxUser user)
    {
        var s = (decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        return user.Holdings.Select(h => (Holding: h, Scrip: AngelMarket.Find("NSE", h.TradingSymbol)!)).Select(x =>
        {
            var ltp = state.Ltp(x.Scrip);
            var pnl = (ltp - x.Holding.AveragePrice) * x.Holding.Quantity;
            return new Dictionary<string, string>
            {
                ["tradingsymbol"] = x.Scrip.TradingSymbol,
                ["exchange"] = x.Scrip.Exchange,
                ["isin"] = x.Scrip.Isin,
                ["t1quantity"] = "0",
                ["realisedquantity"] = x.Holding.Quantity.ToString(CultureInfo.InvariantCulture),
                ["quantity"] = x.Holding.Quantity.ToString(CultureInfo.InvariantCulture),
                ["authorisedquantity"] = "0",
                ["product"] = "DELIVERY",
                ["collateralquantity"] = "0",
                ["collateraltype"] = "",
                ["haircut"] = "0",
                ["averageprice"] = s(x.Holding.AveragePrice),
                ["ltp"] = s(ltp),
                ["symboltoken"] = x.Scrip.Token,
                ["close"] = s(x.Scrip.BasePrice),
                ["profitandloss"] = s(pnl),
                ["pnlpercentage"] = s(x.Holding.AveragePrice == 0 ? 0 : pnl * 100 / (x.Holding.AveragePrice * x.Holding.Quantity)),
            };
        }).ToList();
    }

    /// <summary>SmartAPI sends <c>data: null</c> for an empty list (reference §3.4).</summary>
    private static List<T>? NullIfEmpty<T>(List<T> list) => list.Count == 0 ? null : list;
}
