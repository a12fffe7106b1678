using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Tests.Brokers.Zerodha;

/// <summary>The portfolio and market-data calls against Zerodha's official mocks.</summary>
public sealed partial class KiteContractTests
{
    [Fact]
    public async Task GetPositions_positions_mock_maps_net_and_day()
    {
        _host.Handler.ThenMock("positions");

        var positions = await _host.Client().GetPositionsAsync(_ct);

        Assert.Equal(3, positions.Net.Count);
        Assert.Equal(3, positions.Day.Count);
        var lead = positions.Net[0];
        Assert.Equal("LEADMINI17DECFUT", lead.TradingSymbol);
        Assert.Equal("MCX", lead.Exchange);
        Assert.Equal(53496327, lead.InstrumentToken);
        Assert.Equal(1000m, lead.Multiplier);
        Assert.Equal(-161050m, lead.Value);
        Assert.Equal(161050m, lead.BuyValue);
        var gold = positions.Net[1];
        Assert.Equal(0, gold.Quantity);
        Assert.Equal(3, gold.OvernightQuantity);
        Assert.Equal(23355m, gold.LastPrice);
        Assert.Equal(23232m, gold.ClosePrice);
        Assert.Equal(801m, gold.Pnl);
        Assert.Equal(276m, gold.M2M);
        Assert.Equal(801m, gold.Unrealised);
        Assert.Equal(0m, gold.Realised);
        Assert.Equal(4, gold.BuyQuantity);
        Assert.Equal(23139.75m, gold.BuyPrice);
        Assert.Equal(92559m, gold.BuyValue);
        Assert.Equal(4, gold.SellQuantity);
        Assert.Equal(93360m, gold.SellValue);
        Assert.Equal(1, gold.DayBuyQuantity);
        Assert.Equal(93360m, gold.DaySellValue);
        Assert.Equal(ProductType.Co, positions.Net[2].Product);
        Assert.Equal(-2m, positions.Net[2].Pnl);
        var short3 = positions.Day[0];
        Assert.Equal("GOLDGUINEA17DECFUT", short3.TradingSymbol);
        Assert.Equal(-3, short3.Quantity);
        Assert.Equal(23340m, short3.AveragePrice);
        Assert.Equal(-93m, short3.M2M);
    }

    [Fact]
    public async Task GetHoldings_holdings_mock_maps_quantities_prices_and_mtf()
    {
        _host.Handler.ThenMock("holdings");

        var holdings = await _host.Client().GetHoldingsAsync(_ct);

        Assert.Equal(2, holdings.Count);
        var aaron = holdings[0];
        Assert.Equal("AARON", aaron.TradingSymbol);
        Assert.Equal("NSE", aaron.Exchange);
        Assert.Equal(263681, aaron.InstrumentToken);
        Assert.Equal("INE721Z01010", aaron.Isin);
        Assert.Equal(ProductType.Cnc, aaron.Product);
        Assert.Equal(1, aaron.Quantity);
        Assert.Equal(1, aaron.RealisedQuantity);
        Assert.Equal(1, aaron.OpeningQuantity);
        Assert.Equal(161m, aaron.AveragePrice);
        Assert.Equal(352.95m, aaron.LastPrice);
        Assert.Equal(352.35m, aaron.ClosePrice);
        Assert.Equal(191.95m, aaron.Pnl);
        Assert.Equal(0.5999999999999659m, aaron.DayChange);
        Assert.Equal(0.17028522775648244m, aaron.DayChangePercentage);
        Assert.Equal(1000, aaron.MtfQuantity);
        Assert.Equal(100m, aaron.MtfAveragePrice);
        Assert.Equal(100000m, aaron.MtfValue);
        var sbin = holdings[1];
        Assert.Equal("BSE", sbin.Exchange);
        Assert.Equal(128028676, sbin.InstrumentToken);
        Assert.Equal(16, sbin.Quantity);
        Assert.Equal(801.78125m, sbin.AveragePrice);
        Assert.Equal(-629.2999999999993m, sbin.Pnl);
        Assert.Equal(0, sbin.MtfQuantity);
    }

    [Fact]
    public async Task GetLastPrices_ltp_mock_maps_instrument_key()
    {
        _host.Handler.ThenMock("ltp");
        var infy = new InstrumentKey("NSE", "INFY");

        var prices = await _host.Client().GetLastPricesAsync([infy, new InstrumentKey("NSE", "UNKNOWN")], _ct);

        var price = Assert.Single(prices).Value;
        Assert.Equal(infy, price.Instrument);
        Assert.Equal(408065, price.InstrumentToken);
        Assert.Equal(1074.35m, price.Price);
    }

    [Fact]
    public async Task GetOhlc_ohlc_mock_maps_ohlc()
    {
        _host.Handler.ThenMock("ohlc");
        var infy = new InstrumentKey("NSE", "INFY");

        var quotes = await _host.Client().GetOhlcAsync([infy], _ct);

        var quote = quotes[infy];
        Assert.Equal(408065, quote.InstrumentToken);
        Assert.Equal(1075m, quote.LastPrice);
        Assert.Equal(new Ohlc(1085.8m, 1085.9m, 1070.9m, 1075.8m), quote.Ohlc);
    }

    [Fact]
    public async Task GetQuotes_quote_mock_maps_full_quote_and_depth()
    {
        _host.Handler.ThenMock("quote");
        var infy = new InstrumentKey("NSE", "INFY");

        var quotes = await _host.Client().GetQuotesAsync([infy], _ct);

        var quote = quotes[infy];
        Assert.Equal(408065, quote.InstrumentToken);
        Assert.Equal(new DateTimeOffset(2021, 6, 8, 15, 45, 56, _ist), quote.Timestamp);
        Assert.Equal(new DateTimeOffset(2021, 6, 8, 15, 45, 52, _ist), quote.LastTradeTime);
        Assert.Equal(1412.95m, quote.LastPrice);
        Assert.Equal(5, quote.LastQuantity);
        Assert.Equal(0, quote.BuyQuantity);
        Assert.Equal(5191, quote.SellQuantity);
        Assert.Equal(7360198, quote.Volume);
        Assert.Equal(1412.47m, quote.AveragePrice);
        Assert.Equal(0, quote.OpenInterest);
        Assert.Equal(1250.7m, quote.LowerCircuitLimit);
        Assert.Equal(1528.6m, quote.UpperCircuitLimit);
        Assert.Equal(new Ohlc(1396m, 1421.75m, 1395.55m, 1389.65m), quote.Ohlc);
        Assert.Equal(5, quote.BuyDepth.Count);
        Assert.Equal(5, quote.SellDepth.Count);
        Assert.Equal(new DepthLevel(1412.95m, 5191, 13), quote.SellDepth[0]);
        Assert.Equal(new DepthLevel(0m, 0, 0), quote.BuyDepth[0]);
    }
}
