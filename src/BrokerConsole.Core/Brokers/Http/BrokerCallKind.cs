namespace BrokerConsole.Core.Brokers.Http;

/// <summary>What a broker call does, which decides whether the pipeline may send it twice.</summary>
internal enum BrokerCallKind
{
    /// <summary>A read (profile, books, funds, quotes): idempotent, retried on transient failures.</summary>
    Read,

    /// <summary>Place, modify or cancel: may have reached the broker, so it is sent exactly once (reconcile by tag).</summary>
    Order,

    /// <summary>Login, token exchange, renewal, logout: single-use codes and TOTPs, so it is sent exactly once.</summary>
    Session,
}
