using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;
using BrokerConsole.Web.Components.Orders;
using Bunit;
using Bunit.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BrokerConsole.Tests.Components.Orders;

public sealed class ModifyOrderDialogTests : ConsoleComponentTest
{
    private static readonly Guid _accountId = Guid.NewGuid();

    private readonly FakeOrderService _orders = new();

    public ModifyOrderDialogTests() => Services.AddSingleton<IOrderService>(_orders);

    private static BrokerOrder OpenLimit(OrderType type = OrderType.Limit) => new()
    {
        OrderId = "260112000001",
        Status = OrderStatus.Open,
        RawStatus = "OPEN",
        TradingSymbol = "SBIN",
        Exchange = "NSE",
        TransactionType = TransactionType.Buy,
        OrderType = type,
        Quantity = 2,
        Price = 600m,
        TriggerPrice = type == OrderType.StopLoss ? 590m : 0m,
    };

    private async Task<IRenderedComponent<ContainerFragment>> OpenAsync(BrokerOrder order)
    {
        var (host, _) = await DialogHost.ShowAsync(this, "Modify order", new DialogParameters<ModifyOrderDialog>
        {
            { d => d.AccountId, _accountId },
            { d => d.Order, order },
        });
        return host;
    }

    [Fact]
    public async Task Only_what_changed_is_sent()
    {
        var host = await OpenAsync(OpenLimit());

        host.Find("[data-testid=modify-price] input").Change("610");
        host.Find("[data-testid=submit-modify]").Click();

        var change = Assert.Single(_orders.Modified);
        Assert.Equal(new OrderChange(_accountId, "260112000001", null, 610m, null), change);
        Assert.Contains("Modified order 260112000001.", host.Find("[data-testid=modify-result]").TextContent, StringComparison.Ordinal);
        Assert.Empty(host.FindAll("[data-testid=submit-modify]"));
    }

    [Fact]
    public async Task Nothing_changed_is_said_next_to_the_quantity_and_nothing_is_sent()
    {
        var host = await OpenAsync(OpenLimit());

        host.Find("[data-testid=submit-modify]").Click();

        Assert.Contains("Change the quantity, the price or the trigger price.", host.Find("[data-testid=modify-quantity] .mud-input-helper-text").TextContent, StringComparison.Ordinal);
        Assert.Empty(_orders.Modified);
    }

    [Fact]
    public async Task Limit_order_offers_no_trigger_price()
    {
        var limit = await OpenAsync(OpenLimit());

        Assert.Empty(limit.FindAll("[data-testid=modify-trigger]"));
        Assert.Equal("600", limit.Find("[data-testid=modify-price]").GetAttribute("data-value"));
    }

    [Fact]
    public async Task Stop_loss_order_offers_both_prices_filled_with_the_current_ones()
    {
        var stopLoss = await OpenAsync(OpenLimit(OrderType.StopLoss));

        Assert.Equal("590", stopLoss.Find("[data-testid=modify-trigger]").GetAttribute("data-value"));
        Assert.Equal("600", stopLoss.Find("[data-testid=modify-price]").GetAttribute("data-value"));
    }

    [Fact]
    public async Task Broker_refusal_is_shown_and_the_modify_button_stays_for_another_try()
    {
        _orders.ModifyAnswer = _ => new OrderActionResult(false, "Kite refused: price out of range.", null);
        var host = await OpenAsync(OpenLimit());

        host.Find("[data-testid=modify-quantity] input").Change("3");
        host.Find("[data-testid=submit-modify]").Click();

        Assert.Contains("price out of range", host.Find("[data-testid=modify-result]").TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-alert-text-error", host.Find("[data-testid=modify-result]").ClassName, StringComparison.Ordinal);
        Assert.NotNull(host.Find("[data-testid=submit-modify]"));
    }
}
