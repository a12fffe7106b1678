using System.Net;
using System.Text.Json;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.Orders;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

/// <summary>
/// Issue #17 §7: the prices that once went through to the broker (decimal.MaxValue, a sub-paisa price, a negative
/// trigger) are refused before sending with a message that names the rule, and the sandbox broker sees no order.
/// </summary>
public sealed class ApiOrderPriceTests(SharedApp<OrdersSandbox> app) : IClassFixture<SharedApp<OrdersSandbox>>
{
    public static TheoryData<string, string, string> RefusedPrices() => new()
    {
        { """{"exchange":"NSE","tradingSymbol":"INFY","side":"Buy","quantity":1,"orderType":"Limit","price":79228162514264337593543950335}""", "Price", "10,00,00,000" },
        { """{"exchange":"NSE","tradingSymbol":"INFY","side":"Buy","quantity":1,"orderType":"Limit","price":0.0000001}""", "Price", "2 decimals" },
        { """{"exchange":"NSE","tradingSymbol":"INFY","side":"Buy","quantity":1,"orderType":"StopLoss","price":1000,"triggerPrice":-50}""", "TriggerPrice", "negative" },
        { """{"exchange":"NSE","tradingSymbol":"INFY","side":"Buy","quantity":1,"orderType":"Limit","price":1000,"triggerPrice":-50}""", "TriggerPrice", "negative" },
        { """{"exchange":"NSE","tradingSymbol":"INFY","side":"Sell","quantity":1,"orderType":"StopLoss","price":1000,"triggerPrice":990}""", "TriggerPrice", "SELL SL" },
    };

    [Theory]
    [MemberData(nameof(RefusedPrices))]
    public async Task Refused_price_400_names_the_rule_and_nothing_reaches_the_broker(string body, string field, string message)
    {
        var trader = await app.NewTraderWithSessionAsync();
        await using var owner = trader;
        var key = await trader.Scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("tests");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key.Secret);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/api/v1/accounts/{trader.AccountId}/orders", content);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, ApiProblems.Validation);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = json.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), errors.ToString());
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
        Assert.Empty(await ZerodhaTraders.BookAsync(trader));
    }
}
