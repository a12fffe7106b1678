namespace BrokerConsole.Core.Brokers;

/// <summary>How an account of a broker logs in; a broker with several login modes answers per account.</summary>
public enum BrokerLoginStyle
{
    /// <summary>The broker's own login page in a popup, back to our callback with a one-time code and our state (Kite, Fyers).</summary>
    PopupOAuth,

    /// <summary>The server logs in with stored credentials; no popup (Angel One, Dhan token or PIN + TOTP).</summary>
    DirectCredentials,

    /// <summary>A popup whose page exists only after a server-side consent call and whose redirect cannot carry our state (Dhan key + secret).</summary>
    ConsentPopup,
}
