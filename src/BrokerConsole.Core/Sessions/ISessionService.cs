namespace BrokerConsole.Core.Sessions;

/// <summary>
/// Broker sessions of the signed-in user's accounts, whole: what a session looks like (<see cref="ISessionQueries"/>),
/// how one starts and ends (<see cref="ISessionLogins"/>), and calls through a live one (<see cref="IBrokerGateway"/>).
/// A consumer that needs one part may ask for that interface alone.
/// </summary>
public interface ISessionService : ISessionQueries, ISessionLogins, IBrokerGateway;

/// <summary>A started popup login: the page to open and the single-use state recorded for it.</summary>
public sealed record PopupLoginStart(Uri LoginUri, string State)
{
    public override string ToString() => $"PopupLoginStart {{ LoginUri = {LoginUri}, State = [redacted] }}";
}
