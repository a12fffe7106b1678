namespace BrokerConsole.Web.Identity;

/// <summary>
/// A user's sessions were ended on purpose (sign-out, password change): the security stamp changed, so every cookie
/// issued before is refused at its next request, and every open circuit of the user re-checks its stamp at once
/// instead of at its next periodic revalidation.
/// </summary>
/// <param name="Reason">What ended them, for the log.</param>
internal sealed record SessionsEnded(string Reason);
