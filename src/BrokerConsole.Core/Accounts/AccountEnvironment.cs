namespace BrokerConsole.Core.Accounts;

/// <summary>
/// Whether an account talks to the broker's real API or to the built-in sandbox.
/// The broker client is the same either way; only the base URLs differ.
/// </summary>
public enum AccountEnvironment
{
    Sandbox = 1,
    Live = 2,
}
