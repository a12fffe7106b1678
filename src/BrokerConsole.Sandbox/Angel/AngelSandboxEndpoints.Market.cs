using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BrokerConsole.Sandbox.Angel;

/// <summary>SmartAPI scrip search, LTP and quote.</summary>
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
}
