namespace BrokerConsole.Web.Components.Accounts;

/// <summary>The latest thing to tell the user about one card: a login outcome, a blocked popup, a check result.</summary>
public sealed record AccountNote(string Message, bool IsProblem);
