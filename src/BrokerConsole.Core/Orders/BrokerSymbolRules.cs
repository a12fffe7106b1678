using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Orders;

/// <summary>
/// What a broker accepts as a trading symbol beyond <see cref="OrderTicketValidator"/>'s common rules. Dhan addresses
/// instruments by security id (no instrument master is loaded), so "SBIN" would only fail when the order is sent:
/// a schedule checks this when it is saved, not at 15:10 when nobody is watching.
/// </summary>
public static class BrokerSymbolRules
{
    /// <summary>Why <paramref name="symbol"/> cannot be sent to <paramref name="broker"/>, or null when it can.</summary>
    public static string? Problem(BrokerKind broker, string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        return broker == BrokerKind.Dhan && symbol.Length > 0 && !symbol.All(char.IsAsciiDigit)
            ? $"Dhan takes the security id as the symbol (e.g. 1333 for NSE:HDFCBANK), not '{symbol}'."
            : null;
    }
}
