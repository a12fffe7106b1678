namespace BrokerConsole.Core.Brokers;

/// <summary>Where a popup login's single-use state travels back to the callback.</summary>
public enum LoginStateCarrier
{
    /// <summary>The broker echoes our <c>state</c> query parameter on the redirect.</summary>
    Query,

    /// <summary>The redirect cannot carry it (Dhan appends only its own code), so an HttpOnly cookie scoped to the connect path does.</summary>
    Cookie,
}

/// <summary>What a broker's redirect to <c>/connect/{broker}/callback</c> carries, read in one place.</summary>
/// <param name="State">Our single-use state, from the query or the cookie.</param>
/// <param name="Succeeded">The broker's own success flag (or, for brokers without one, whether a code came back).</param>
/// <param name="Code">The one-time code to exchange on the server.</param>
public sealed record PopupCallback(string? State, bool Succeeded, string? Code)
{
    public override string ToString() => $"PopupCallback {{ Succeeded = {Succeeded}, State = [redacted], Code = [redacted] }}";
}

/// <summary>
/// How one broker's popup redirect is shaped: which query value holds the one-time code, which (if any) says the login
/// succeeded, and where our state rides. Data, so the one callback endpoint serves every popup broker.
/// </summary>
/// <param name="CodeParameter">The query parameter holding the one-time code (Kite <c>request_token</c>).</param>
/// <param name="SuccessParameter">The query parameter holding the broker's success flag, or null when only the code tells.</param>
/// <param name="SuccessValue">The flag's value on success (Kite <c>success</c>, Fyers <c>ok</c>).</param>
/// <param name="StateCarrier">Where our state travels.</param>
public sealed record PopupCallbackShape(string CodeParameter, string? SuccessParameter, string? SuccessValue, LoginStateCarrier StateCarrier)
{
    public const string StateParameter = "state";

    /// <summary>Reads a redirect: <paramref name="query"/> gives a query value by name, <paramref name="stateCookie"/> the cookie's state.</summary>
    public PopupCallback Read(Func<string, string?> query, string? stateCookie)
    {
        ArgumentNullException.ThrowIfNull(query);
        var code = query(CodeParameter);
        var succeeded = SuccessParameter is null
            ? !string.IsNullOrEmpty(code)
            : string.Equals(query(SuccessParameter), SuccessValue, StringComparison.Ordinal);
        var state = StateCarrier == LoginStateCarrier.Cookie ? stateCookie : query(StateParameter);
        return new PopupCallback(state, succeeded, code);
    }
}
