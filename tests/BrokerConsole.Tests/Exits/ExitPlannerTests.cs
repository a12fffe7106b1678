using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Exits;
using BrokerConsole.Core.Instruments;

namespace BrokerConsole.Tests.Exits;

/// <summary>The planner alone: positions in, closing orders out, nothing called.</summary>
public sealed class ExitPlannerTests
{
    private static readonly Guid _kite = Guid.NewGuid();
    private static readonly Guid _angel = Guid.NewGuid();

    private static readonly CatalogInstrument _sbin = new(1, "NSE", "SBIN", "STATE BANK OF INDIA", "SBIN", "INE062A01020", InstrumentKind.Equity, null, 0, 1, 0.05m, "3045",
        new Dictionary<BrokerKind, BrokerSymbol>
        {
            [BrokerKind.Zerodha] = new("SBIN", "NSE", "SBIN", "779521"),
            [BrokerKind.AngelOne] = new("SBIN-EQ", "NSE", "SBIN-EQ", "3045"),
        });

    private static readonly CatalogInstrument _nifty = new(2, "NFO", "NIFTY26DECFUT", "NIFTY", "NIFTY", null, InstrumentKind.Future, new DateOnly(2026, 12, 29), 0, 65, 0.10m, "52001",
        new Dictionary<BrokerKind, BrokerSymbol> { [BrokerKind.Zerodha] = new("NIFTY26DECFUT", "NFO", "NIFTY26DECFUT", "12345") });

    private static readonly InstrumentIndex _index = new([_sbin, _nifty]);

    private static Position Line(string symbol, int quantity, ProductType product = ProductType.Mis, decimal ltp = 812.37m, string exchange = "NSE") =>
        new() { TradingSymbol = symbol, Exchange = exchange, Quantity = quantity, Product = product, LastPrice = ltp };

    private static AccountPositions Kite(params Position[] lines) => new(_kite, "Kite", BrokerKind.Zerodha, lines);

    private static AccountPositions Angel(params Position[] lines) => new(_angel, "Angel", BrokerKind.AngelOne, lines);

    private static IReadOnlyList<ExitLeg> Plan(ExitScope scope, ExitPricing pricing, params AccountPositions[] accounts) =>
        ExitPlanner.Plan(scope, pricing, accounts, _index, broker => broker == BrokerKind.Zerodha);

    [Fact]
    public void Long_position_closes_with_a_sell_of_its_quantity_in_its_own_product()
    {
        var leg = Assert.Single(Plan(ExitScope.All(), ExitPricing.Market(), Kite(Line("SBIN", 7, ProductType.Nrml))));

        Assert.Equal(TransactionType.Sell, leg.Ticket.Side);
        Assert.Equal(7, leg.Ticket.Quantity);
        Assert.Equal(ProductType.Nrml, leg.Ticket.Product);
        Assert.Equal(7, leg.NetQuantity);
        Assert.True(leg.Sendable);
    }

    [Fact]
    public void Short_position_closes_with_a_buy_of_the_absolute_quantity()
    {
        var leg = Assert.Single(Plan(ExitScope.All(), ExitPricing.Market(), Kite(Line("SBIN", -12))));

        Assert.Equal(TransactionType.Buy, leg.Ticket.Side);
        Assert.Equal(12, leg.Ticket.Quantity);
        Assert.Equal(ProductType.Mis, leg.Ticket.Product);
        Assert.Equal(-12, leg.NetQuantity);
    }

    [Fact]
    public void Flat_lines_and_an_empty_book_plan_nothing()
    {
        Assert.Empty(Plan(ExitScope.All(), ExitPricing.Market(), Kite(Line("SBIN", 0)), Angel()));
    }

    [Fact]
    public void Instrument_scope_finds_the_console_instrument_under_each_brokers_name_and_translates_back()
    {
        var legs = Plan(ExitScope.Everywhere(new InstrumentKey("NSE", "SBIN")), ExitPricing.Market(),
            Kite(Line("SBIN", 5), Line("INFY", 3)), Angel(Line("SBIN-EQ", -2)));

        Assert.Equal(2, legs.Count);
        Assert.All(legs, l => Assert.Equal(new InstrumentKey("NSE", "SBIN"), l.Instrument));
        Assert.Equal("SBIN", legs.Single(l => l.AccountId == _kite).BrokerSymbol);
        var angel = legs.Single(l => l.AccountId == _angel);
        Assert.Equal("SBIN-EQ", angel.BrokerSymbol);
        Assert.Equal("SBIN", angel.Ticket.TradingSymbol); // the order path translates it, as for every order
        Assert.Equal(TransactionType.Buy, angel.Ticket.Side);
    }

    [Fact]
    public void Account_and_position_scopes_stay_in_their_account_and_product()
    {
        var book = new[] { Kite(Line("SBIN", 5), Line("SBIN", 4, ProductType.Cnc), Line("INFY", 3)), Angel(Line("SBIN-EQ", -2)) };

        var account = Plan(ExitScope.Account(_kite), ExitPricing.Market(), book);
        var position = Plan(ExitScope.Position(_kite, new InstrumentKey("nse", "sbin"), ProductType.Cnc), ExitPricing.Market(), book);

        Assert.Equal(3, account.Count);
        Assert.All(account, l => Assert.Equal(_kite, l.AccountId));
        var cnc = Assert.Single(position);
        Assert.Equal((ProductType.Cnc, 4), (cnc.Product, cnc.Ticket.Quantity));
    }

    [Fact]
    public void Whole_lots_pass_and_a_part_lot_is_kept_with_its_problem()
    {
        var legs = Plan(ExitScope.All(), ExitPricing.Market(), Kite(Line("NIFTY26DECFUT", 130, ProductType.Nrml, exchange: "NFO")),
            Angel(Line("SBIN-EQ", 3)));
        var odd = Plan(ExitScope.All(), ExitPricing.Market(), Kite(Line("NIFTY26DECFUT", -100, ProductType.Nrml, exchange: "NFO")));

        var future = legs.Single(l => l.AccountId == _kite);
        Assert.True(future.Sendable);
        Assert.Contains("Lot size 65: 2 lots", future.Checks);
        var part = Assert.Single(odd);
        Assert.False(part.Sendable);
        Assert.Contains("not a whole number of lots of 65", part.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Limit_goes_the_ticks_through_the_last_price_on_the_tick()
    {
        var legs = Plan(ExitScope.All(), ExitPricing.LimitAway(2), Kite(Line("SBIN", 5, ltp: 812.37m)), Angel(Line("SBIN-EQ", -5, ltp: 812.37m)));

        // Sell: 812.35 (down to a tick) - 2 × 0.05; buy: 812.40 (up to a tick) + 2 × 0.05.
        Assert.Equal(812.25m, legs.Single(l => l.AccountId == _kite).Ticket.Price);
        Assert.Equal(812.50m, legs.Single(l => l.AccountId == _angel).Ticket.Price);
        Assert.All(legs, l => Assert.Equal(OrderType.Limit, l.Ticket.OrderType));
        Assert.All(legs, l => Assert.Null(l.Ticket.MarketProtection));
    }

    [Fact]
    public void Limit_without_a_tick_size_or_a_last_price_is_not_sendable()
    {
        var unknown = Assert.Single(Plan(ExitScope.All(), ExitPricing.LimitAway(1), Kite(Line("NOTLISTED", 5))));
        var noPrice = Assert.Single(Plan(ExitScope.All(), ExitPricing.LimitAway(1), Kite(Line("SBIN", 5, ltp: 0))));

        Assert.Contains("tick size is not known", unknown.Problem, StringComparison.Ordinal);
        Assert.Contains("no last price", noPrice.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Market_protection_only_where_the_broker_takes_it()
    {
        var legs = Plan(ExitScope.All(), ExitPricing.Market(5), Kite(Line("SBIN", 5)), Angel(Line("SBIN-EQ", 5)));

        Assert.Equal(5, legs.Single(l => l.AccountId == _kite).Ticket.MarketProtection);
        Assert.Null(legs.Single(l => l.AccountId == _angel).Ticket.MarketProtection);
        Assert.Contains(legs.Single(l => l.AccountId == _angel).Checks, c => c.Contains("takes no market protection", StringComparison.Ordinal));
    }

    [Fact]
    public void Current_net_reads_the_same_instrument_and_product_under_the_brokers_name()
    {
        var leg = Assert.Single(Plan(ExitScope.All(), ExitPricing.Market(), Angel(Line("SBIN-EQ", 5))));

        Assert.Equal(5, ExitPlanner.CurrentNet(leg, Angel(Line("SBIN-EQ", 5), Line("SBIN-EQ", 9, ProductType.Cnc)), _index));
        Assert.Equal(2, ExitPlanner.CurrentNet(leg, Angel(Line("SBIN-EQ", 2)), _index));
        Assert.Equal(0, ExitPlanner.CurrentNet(leg, Angel(), _index));
    }

    [Fact]
    public void Incomplete_scopes_and_prices_are_refused()
    {
        Assert.NotEmpty(new ExitScope(ExitScopeKind.Instrument).Problems());
        Assert.NotEmpty(new ExitScope(ExitScopeKind.Position, _kite).Problems());
        Assert.NotEmpty(new ExitScope(ExitScopeKind.Account).Problems());
        Assert.Empty(ExitScope.All().Problems());
        Assert.NotEmpty(ExitPricing.Market(150).Problems());
        Assert.NotEmpty(new ExitPricing(OrderType.StopLoss).Problems());
    }

    [Fact]
    public void Tags_are_deterministic_per_plan_account_and_leg_and_fit_every_broker()
    {
        var plan = Guid.NewGuid();

        Assert.Equal(ExitTags.ForExit(plan, _kite, 0), ExitTags.ForExit(plan, _kite, 0));
        Assert.NotEqual(ExitTags.ForExit(plan, _kite, 0), ExitTags.ForExit(plan, _kite, 1));
        Assert.NotEqual(ExitTags.ForExit(plan, _kite, 0), ExitTags.ForKillSwitch(plan, _kite, 0));
        Assert.True(Core.Orders.OrderTags.IsValid(ExitTags.ForExit(plan, _angel, 3)));
        Assert.Equal(18, ExitTags.ForKillSwitch(plan, _angel, 3).Length);
    }
}
