namespace BrokerConsole.Core.Brokers;

/// <summary>
/// What a broker's module can do, as data: callers ask before they call instead of catching
/// <see cref="NotSupportedException"/> after the fact, and the UI shows only what the broker offers.
/// </summary>
[Flags]
public enum BrokerCapabilities
{
    None = 0,

    /// <summary>Open orders can be modified in place.</summary>
    ModifyOrder = 1 << 0,

    /// <summary>An order's history can be read by its id.</summary>
    OrderHistory = 1 << 1,

    /// <summary>
    /// The broker keeps no step-by-step log of an order: its "history" is the order's current record, so the UI says so.
    /// </summary>
    OrderHistoryIsCurrentRecord = 1 << 2,

    /// <summary>The day's trade book can be read.</summary>
    TradeBook = 1 << 3,

    /// <summary>The broker posts order updates to the app (Kite postbacks).</summary>
    Postbacks = 1 << 4,

    /// <summary>A live session can be extended with a refresh token instead of a new login.</summary>
    SessionRenewal = 1 << 5,

    /// <summary>The broker can be told to end a token (a logout endpoint).</summary>
    Logout = 1 << 6,

    /// <summary>A popup login whose second factor the app may show beside the popup from an optional stored TOTP secret.</summary>
    LoginCodeBesidePopup = 1 << 7,

    /// <summary>The account form offers more than one way to log in (e.g. token, key + secret, PIN + TOTP).</summary>
    LoginModeChoice = 1 << 8,

    /// <summary>One last-price request serves many instruments cheaply: the portfolio prefers it for the batched quote read.</summary>
    BatchQuotes = 1 << 9,

    /// <summary>Market orders take a market-protection parameter (Kite's <c>market_protection</c>); other brokers' APIs have none.</summary>
    MarketProtection = 1 << 10,
}
