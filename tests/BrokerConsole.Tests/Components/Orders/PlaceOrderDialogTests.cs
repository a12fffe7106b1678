using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Web.Components.Orders;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Orders;

public sealed class PlaceOrderDialogTests : ConsoleComponentTest
{
    private static readonly AccountSummary _kite = new(Guid.NewGuid(), BrokerKind.Zerodha, "Kite main", "DA1234", AccountEnvironment.Sandbox,
        "sandboxdemo01", null, null, new HashSet<BrokerConsole.Core.Credentials.SecretKind>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    /// <summary>How long a render after an awaited service call may take on a loaded machine; returns as soon as it is there.</summary>
    private static readonly TimeSpan _settled = TimeSpan.FromSeconds(30);

    private readonly FakeOrderService _orders = new();

    public PlaceOrderDialogTests() => Services.AddSingleton<IOrderService>(_orders);

    private Task<(IRenderedComponent<ContainerFragment> Host, IDialogReference Dialog)> OpenAsync() =>
        DialogHost.ShowAsync(this, "Place order", new DialogParameters<PlaceOrderDialog> { { d => d.Accounts, [_kite] } });

    /// <summary>The error text MudBlazor shows under the field whose wrapper carries <paramref name="testId"/>.</summary>
    private static string ErrorUnder(IRenderedComponent<ContainerFragment> host, string testId) =>
        host.Find($"[data-testid={testId}] .mud-input-helper-text").TextContent.Trim();

    [Fact]
    public async Task Empty_symbol_and_a_limit_without_price_are_refused_next_to_their_fields_and_nothing_is_sent()
    {
        var (host, _) = await OpenAsync();

        host.Find("[data-testid=submit-order]").Click();

        var symbolField = host.Find("input[data-testid=order-symbol]").Closest(".mud-input-control")!;
        Assert.Contains("Enter the trading symbol, e.g. INFY.", symbolField.QuerySelector(".mud-input-helper-text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A LIMIT or SL order needs a price above 0.", ErrorUnder(host, "order-price"));
        Assert.Empty(host.FindAll("[data-testid=order-quantity] .mud-input-error"));
        Assert.Empty(_orders.Placed);
    }

    [Fact]
    public async Task Typed_limit_buy_is_sent_once_as_typed_and_the_result_shows_its_tag()
    {
        var (host, _) = await OpenAsync();

        host.Find("input[data-testid=order-symbol]").Input("infy");
        host.Find("[data-testid=order-quantity] input").Change("2");
        host.Find("[data-testid=order-price] input").Change("1000.5");
        Assert.Equal("BUY 2 infy", host.Find("[data-testid=submit-order]").TextContent.Trim());
        host.Find("[data-testid=submit-order]").Click();

        // The submit handler awaits the order service: its continuation may render after Click returns (a loaded CI
        // machine showed it), so wait for the render with the answer rather than read the fake at once.
        host.WaitForElement("[data-testid=place-result]", _settled);
        var ticket = Assert.Single(_orders.Placed);
        Assert.Equal((_kite.Id, "NSE", "INFY", TransactionType.Buy, 2, OrderType.Limit, 1000.5m, (decimal?)null),
            (ticket.AccountId, ticket.Exchange, ticket.TradingSymbol, ticket.Side, ticket.Quantity, ticket.OrderType, ticket.Price, ticket.TriggerPrice));
        var result = host.Find("[data-testid=place-result]");
        Assert.Equal("Placed", result.GetAttribute("data-outcome"));
        Assert.Contains("Tag: bctest0000000001", result.TextContent, StringComparison.Ordinal);
        // One click, one order: the submit button is gone once there is an answer.
        Assert.Empty(host.FindAll("[data-testid=submit-order]"));
        Assert.Equal("Close", host.Find("[data-testid=close-order]").TextContent.Trim());
    }

    [Fact]
    public async Task Sell_turns_the_submit_button_red_and_says_what_it_will_do()
    {
        var (host, _) = await OpenAsync();

        host.Find("input[data-testid=order-symbol]").Input("TCS");
        host.Find("[data-testid=side-sell]").Click();

        var submit = host.Find("[data-testid=submit-order]");
        Assert.Equal("SELL 1 TCS", submit.TextContent.Trim());
        Assert.Contains("mud-button-filled-error", submit.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Market_order_disables_the_price_says_market_protection_and_sends_no_price()
    {
        var (host, _) = await OpenAsync();

        host.Find("input[data-testid=order-symbol]").Input("TCS");
        host.Find("[data-testid=order-price] input").Change("3500");
        host.Find("[data-testid=type-MARKET]").Click();

        Assert.True(host.Find("[data-testid=order-price] input").HasAttribute("disabled"));
        Assert.NotNull(host.Find("[data-testid=market-protection-note]"));
        host.Find("[data-testid=submit-order]").Click();
        host.WaitForElement("[data-testid=place-result]", _settled);
        var ticket = Assert.Single(_orders.Placed);
        Assert.Equal(OrderType.Market, ticket.OrderType);
    }

    [Fact]
    public async Task Close_after_a_placement_returns_the_result_to_the_page()
    {
        var (host, dialog) = await OpenAsync();
        host.Find("input[data-testid=order-symbol]").Input("INFY");
        host.Find("[data-testid=order-price] input").Change("1000");
        host.Find("[data-testid=submit-order]").Click();

        host.WaitForElement("[data-testid=close-order]", _settled).Click();

        var closed = await dialog.Result;
        Assert.False(closed!.Canceled);
        Assert.Equal(PlacementOutcome.Placed, Assert.IsType<PlacementResult>(closed.Data).Outcome);
    }
}
