using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static BrokerConsole.Sandbox.Fyers.FyersSandboxEndpoints;

namespace BrokerConsole.Sandbox.Fyers;

/// <summary>Funds (<c>fund_limit</c> rows by id), net positions, holdings and <c>/data/quotes</c> of reference §2.6.</summary>
internal static class FyersPortfolioEndpoints
{
    public static void Map(RouteGroupBuilder authed)
    {
        authed.MapGet("/api/v3/funds", (HttpContext http, FyersState state) => Ok(new() { ["fund_limit"] = Funds(state, User(http)) }));
        authed.MapGet("/api/v3/positions", (HttpContext http, FyersState state) =>
        {
            var lines = Positions(state, User(http).FyId);
            return Ok(new()
            {
                ["netPositions"] = lines,
                ["overall"] = new
                {
                    count_total = lines.Count,
                    count_open = lines.Count(l => (int)l["netQty"]! != 0),
                    pl_total = lines.Sum(l => (decimal)l["pl"]!),
                    pl_realized = 0m,
                    pl_unrealized = lines.Sum(l => (decimal)l["pl"]!),
                },
            });
        });
        authed.MapGet("/api/v3/holdings", (HttpContext http, FyersState state) =>
        {
            var holdings = User(http).Holdings.Select(h => (h, i: FyersState.Find(h.Symbol))).Where(x => x.i is not null).Select((x, n) =>
            {
                var ltp = state.Ltp(x.i!);
                return new Dictionary<string, object?>
                {
                    ["holdingType"] = "HLD",
                    ["quantity"] = x.h.Quantity,
                    ["remainingQuantity"] = x.h.Quantity,
                    ["costPrice"] = x.h.CostPrice,
                    ["marketVal"] = x.h.Quantity * ltp,
                    ["pl"] = x.h.Quantity * (ltp - x.h.CostPrice),
                    ["ltp"] = ltp,
                    ["id"] = n + 1,
                    ["fyToken"] = x.i!.FyToken,
                    ["exchange"] = 10,
                    ["segment"] = 10,
                    ["symbol"] = x.i.Symbol,
                    ["isin"] = x.i.Isin,
                    ["qty_t1"] = 0,
                    ["remainingPledgeQuantity"] = 0,
                    ["collateralQuantity"] = 0,
                };
            }).ToList();
            var invested = holdings.Sum(h => (int)h["quantity"]! * (decimal)h["costPrice"]!);
            var current = holdings.Sum(h => (decimal)h["marketVal"]!);
            return Ok(new()
            {
                ["holdings"] = holdings,
                ["overall"] = new
                {
                    count_total = holdings.Count,
                    total_investment = invested,
                    total_current_value = current,
                    total_pl = current - invested,
                    pnl_perc = invested == 0 ? 0 : Math.Round((current - invested) * 100 / invested, 2),
                },
            });
        });
        authed.MapGet("/data/quotes", (FyersState state, string? symbols) =>
        {
            var list = (symbols ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length is 0 or > 50)
            {
                return Error(400, -50, "Give 1 to 50 symbols.");
            }

            return Ok(new()
            {
                ["d"] = list.Select(s => FyersState.Find(s) is { } i
                    ? (object)Quote(state, i)
                    : new { n = s, s = "error", v = new { errmsg = "invalid symbol" } }).ToList(),
            });
        });
    }

    private static object Quote(FyersState state, FyersInstrument i)
    {
        var lp = state.Ltp(i);
        var ch = lp - i.BasePrice;
        return new
        {
            n = i.Symbol,
            s = "ok",
            v = new
            {
                lp,
                ch,
                chp = Math.Round(ch * 100 / i.BasePrice, 2),
                prev_close_price = i.BasePrice,
                symbol = i.Symbol,
                short_name = i.Symbol.Split(':')[1],
                exchange = i.Exchange,
                fyToken = i.FyToken,
                tt = state.Now.ToUnixTimeSeconds(),
            },
        };
    }

    private static List<object> Funds(FyersState state, FyersSandboxUser user)
    {
        var orders = state.Orders(user.FyId);
        var spent = orders.Where(o => o.Filled > 0).Sum(o => o.Side * o.Filled * o.TradedPrice);
        var blocked = orders.Where(o => o.Status == 6 && o.Side == 1).Sum(o => o.Qty * (o.LimitPrice > 0 ? o.LimitPrice : state.Ltp(o.Instrument)));
        var titles = new[] { "Total Balance", "Utilized Amount", "Clear Balance", "Realized Profit and Loss", "Collaterals", "Fund Transfer", "Receivables", "Adhoc Limit", "Limit at start of the day", "Available Balance" };
        var values = new[] { user.OpeningBalance, spent + blocked, user.OpeningBalance - spent, 0m, 0m, 0m, 0m, 0m, user.OpeningBalance, user.OpeningBalance - spent - blocked };
        return [.. titles.Select((t, i) => (object)new { id = i + 1, title = t, equityAmount = values[i], commodityAmount = 0m })];
    }

    private static List<Dictionary<string, object?>> Positions(FyersState state, string fyId) =>
        [.. state.Orders(fyId).Where(o => o.Filled > 0).GroupBy(o => (o.Instrument, o.ProductType)).Select(g =>
        {
            var buyQty = g.Where(o => o.Side == 1).Sum(o => o.Filled);
            var sellQty = g.Where(o => o.Side == -1).Sum(o => o.Filled);
            var buyVal = g.Where(o => o.Side == 1).Sum(o => o.Filled * o.TradedPrice);
            var sellVal = g.Where(o => o.Side == -1).Sum(o => o.Filled * o.TradedPrice);
            var net = buyQty - sellQty;
            var ltp = state.Ltp(g.Key.Instrument);
            var pl = sellVal - buyVal + (net * ltp);
            return new Dictionary<string, object?>
            {
                ["symbol"] = g.Key.Instrument.Symbol,
                ["id"] = g.Key.Instrument.Symbol + "-" + g.Key.ProductType,
                ["netQty"] = net,
                ["qty"] = Math.Abs(net),
                ["avgPrice"] = net == 0 ? 0 : (buyVal - sellVal) / net,
                ["netAvg"] = net == 0 ? 0 : (buyVal - sellVal) / net,
                ["side"] = Math.Sign(net),
                ["productType"] = g.Key.ProductType,
                ["realized_profit"] = 0m,
                ["unrealized_profit"] = pl,
                ["pl"] = pl,
                ["ltp"] = ltp,
                ["buyQty"] = buyQty,
                ["buyAvg"] = buyQty == 0 ? 0 : buyVal / buyQty,
                ["buyVal"] = buyVal,
                ["sellQty"] = sellQty,
                ["sellAvg"] = sellQty == 0 ? 0 : sellVal / sellQty,
                ["sellVal"] = sellVal,
                ["fyToken"] = g.Key.Instrument.FyToken,
                ["segment"] = 10,
                ["exchange"] = 10,
            };
        })];
}
