using System.Globalization;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>SmartAPI positions and holdings.</summary>
internal static partial class AngelSandboxEndpoints
{
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
}
