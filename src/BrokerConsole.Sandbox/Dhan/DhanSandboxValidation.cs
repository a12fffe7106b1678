using System.Net;
using BrokerConsole.Sandbox.Shared;

namespace BrokerConsole.Sandbox.Dhan;

/// <summary>What <c>Sandbox:Dhan</c> must satisfy; part of the sandbox's start-up validation.</summary>
internal static class DhanSandboxValidation
{
    public static IEnumerable<string> Validate(DhanSandboxOptions dhan)
    {
        if (dhan.TokenLifetime <= TimeSpan.Zero || dhan.ConsentLifetime <= TimeSpan.Zero || dhan.ConsentsPerDay <= 0)
        {
            yield return "Sandbox:Dhan:TokenLifetime, ConsentLifetime and ConsentsPerDay must be positive.";
        }

        foreach (var user in dhan.Users)
        {
            // A user logs in with a configured token (flow A), or a PIN + TOTP (flows B and C), or both.
            var canLogIn = !string.IsNullOrWhiteSpace(user.AccessToken)
                || (user.Pin.Length == 6 && user.Pin.All(char.IsAsciiDigit) && SandboxTotp.DecodeSeed(user.TotpSecret) is { Length: > 0 });
            if (string.IsNullOrWhiteSpace(user.ClientId) || !canLogIn || user.AllowedOrderIps.Any(ip => !IPAddress.TryParse(ip, out _)))
            {
                yield return $"Sandbox:Dhan user '{user.ClientId}' needs ClientId, an AccessToken or a 6-digit Pin with a Base32 TotpSecret, and valid AllowedOrderIps.";
            }

            foreach (var holding in user.Holdings.Where(h => !DhanState.Scrips.ContainsKey(h.SecurityId) || h.Quantity <= 0))
            {
                yield return $"Sandbox:Dhan user '{user.ClientId}' has an invalid holding '{holding.SecurityId}'.";
            }
        }

        foreach (var app in dhan.Apps.Where(a => string.IsNullOrWhiteSpace(a.ApiKey) || string.IsNullOrWhiteSpace(a.ApiSecret) || !Uri.TryCreate(a.RedirectUrl, UriKind.Absolute, out _)))
        {
            yield return $"Sandbox:Dhan app '{app.ApiKey}' needs ApiKey, ApiSecret and an absolute RedirectUrl.";
        }
    }
}
