using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Orders;

namespace BrokerConsole.Web.Components.Orders;

/// <summary>One row of the orders grid: the order and the account whose book it came from.</summary>
public sealed record OrderLine(AccountOrders Account, BrokerOrder Order);

/// <summary>One row of the trades grid.</summary>
public sealed record TradeLine(AccountOrders Account, BrokerTrade Trade);
