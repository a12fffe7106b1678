namespace BrokerConsole.Tests.Brokers.Zerodha;

public sealed class KiteNumberFormatTests
{
    [Fact]
    public async Task GetHoldings_exponent_and_negative_zero_numbers_parse_as_decimal()
    {
        using var host = new KiteTestHost();
        host.Handler.ThenJson(
            System.Net.HttpStatusCode.OK,
            """{"status":"success","data":[{"tradingsymbol":"X","exchange":"NSE","instrument_token":1,"quantity":1,"average_price":-0,"day_change_percentage":1e-05,"pnl":-2.5E+3}]}""");

        var holding = Assert.Single(await host.Client().GetHoldingsAsync(CancellationToken.None));

        Assert.Equal(0.00001m, holding.DayChangePercentage);
        Assert.Equal(-2500m, holding.Pnl);
        Assert.Equal(0m, holding.AveragePrice);
    }
}
