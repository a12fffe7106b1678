namespace BrokerConsole.Core.Sessions.MorningLogin;

/// <summary>Why an account is (or is not) on the morning login list: the words a row of "Log in all" shows.</summary>
public enum LoginNeed
{
    /// <summary>A live session that lasts past the next market open (or the market is open and it is live).</summary>
    Ready,

    /// <summary>Never logged in, or disconnected.</summary>
    NoSession,

    /// <summary>The broker's clock or the broker ended the session.</summary>
    Expired,

    /// <summary>The last check failed with an error that is not expiry.</summary>
    Error,

    /// <summary>Live now, but its token dies (06:00 IST for most brokers) before the next market open.</summary>
    EndsBeforeOpen,
}
