namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>
/// Kite's refusal of <c>POST /session/token</c> in words for the user. Kite answers both a wrong checksum and a spent
/// request token with <c>TokenException</c>; only its message tells them apart (reference §2.1): "Invalid `checksum`."
/// means the stored API secret is wrong, "Token is invalid or has expired." means the request token was too old or used
/// twice, which says nothing about the secret.
/// </summary>
internal static class KiteLoginRefusal
{
    public static string Describe(string? kiteSaid)
    {
        var said = string.IsNullOrWhiteSpace(kiteSaid) ? null : kiteSaid.Trim();
        if (said is not null && said.Contains("checksum", StringComparison.OrdinalIgnoreCase))
        {
            return $"Zerodha refused the checksum made with the stored API secret, so the API secret is wrong for this API key (Kite said: {said}). " +
                "Correct it with Edit, then log in again.";
        }

        if (said is not null && said.Contains("Token is invalid", StringComparison.OrdinalIgnoreCase))
        {
            return $"Zerodha refused the request token as invalid or expired (Kite said: {said}): the login took more than a few minutes, " +
                "or its page was used twice. The API secret was not checked by this answer. Log in again.";
        }

        return $"Zerodha refused to create the session{(said is null ? "" : $" (Kite said: {said})")}. Check the API secret with Edit, then log in again.";
    }
}
