using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Core.Sessions;

/// <summary>
/// A profile the broker answered with for an account whose client id is another user's. Test Connection must not call
/// that a success: the stored session (or the account's client id) is wrong, and orders would go to someone else.
/// </summary>
public static class ProfileMismatch
{
    /// <summary>The sentence to show, or null when the profile is the account's own user.</summary>
    public static string? Describe(BrokerProfile profile, string accountClientId)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(accountClientId);
        return string.Equals(profile.UserId.Trim(), accountClientId.Trim(), StringComparison.OrdinalIgnoreCase)
            ? null
            : $"The broker answered as {profile.UserName} ({profile.UserId}), but this account's client id is {accountClientId}: " +
              $"the session belongs to another user. Log in again as {accountClientId}, or correct the client id with Edit.";
    }
}
