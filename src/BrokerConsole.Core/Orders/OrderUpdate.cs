namespace BrokerConsole.Core.Orders;

/// <summary>An order of one account changed at the broker (from a verified postback).</summary>
public sealed record OrderUpdate(Guid AccountId, string OrderId, string Status, string? TradingSymbol);
