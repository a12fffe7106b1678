namespace BrokerConsole.Core.Accounts;

/// <summary>The brokers BrokerConsole can hold accounts for.</summary>
public enum BrokerKind
{
    Zerodha = 1,
    Dhan = 2,
    Fyers = 3,
    AngelOne = 4,
}
