using System.Net;
using BrokerConsole.Sandbox.Shared;

namespace BrokerConsole.Sandbox.Kite;

/// <summary>The <c>Sandbox</c> configuration section: one switch plus one block per emulated broker.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Maps the emulators only when true; the Web app keeps it off outside Development.</summary>
    public bool Enabled { get; set; }

    public KiteSandboxOptions Kite { get; set; } = new();

    /// <summary>Angel One SmartAPI emulator under <c>/sandbox/angel</c>.</summary>
    public Angel.AngelSandboxOptions Angel { get; set; } = new();

    /// <summary>Fyers API v3 emulator under <c>/sandbox/fyers</c>.</summary>
    public Fyers.FyersSandboxOptions Fyers { get; set; } = new();

    /// <summary>DhanHQ v2 emulator under <c>/sandbox/dhan/v2</c>.</summary>
    public Dhan.DhanSandboxOptions Dhan { get; set; } = new();

    /// <summary>Telegram Bot API emulator under <c>/sandbox/telegram</c> (notifications, not a broker).</summary>
    public Telegram.TelegramSandboxOptions Telegram { get; set; } = new();
}

/// <summary>The <c>Sandbox:Kite</c> section: registered Connect apps and the users who may log in to them.</summary>
public sealed class KiteSandboxOptions
{
    public IList<KiteSandboxApp> Apps { get; } = [];

    public IList<KiteSandboxUser> Users { get; } = [];

    /// <summary>How long a request_token may wait before exchange; Kite says "a few minutes".</summary>
    public TimeSpan RequestTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed of the simulated price walk; the same seed and clock give the same prices.</summary>
    public int MarketSeed { get; set; } = 20260401;

    /// <summary>
    /// When true, <c>GET /instruments</c> is refused (403 TokenException) without <c>X-Kite-Version: 3</c> and a valid
    /// <c>Authorization: token api_key:access_token</c>. Kite's docs show both headers on the dump, but whether Kite refuses
    /// a bare request is unconfirmed (shared/reference/instrument-masters.md §7.3), so the default stays lenient and a test
    /// turns the strict reading on. Either way a header that is sent must be valid.
    /// </summary>
    public bool InstrumentsNeedSession { get; set; }
}

/// <summary>One Kite Connect app as registered on developers.kite.trade.</summary>
public sealed class KiteSandboxApp
{
    public string ApiKey { get; set; } = "";

    public string ApiSecret { get; set; } = "";

    public string RedirectUrl { get; set; } = "";

    public string? PostbackUrl { get; set; }

    /// <summary>Numeric app id sent in postbacks (the real one is assigned by Zerodha).</summary>
    public int AppId { get; set; } = 1;

    /// <summary>Static IPs allowed to place/modify/cancel orders; empty means any IP (pre-April-2026 behaviour).</summary>
    public IList<string> AllowedOrderIps { get; } = [];

    /// <summary>
    /// Whether <c>POST /session/token</c> refuses an unknown request token before it looks at the checksum. Kite
    /// documents neither order, so the sandbox offers both (default: checksum first) and the app may rely on neither:
    /// only "Invalid `checksum`." proves a secret wrong, and nothing short of a real login proves it right.
    /// </summary>
    public bool TokenCheckedFirst { get; set; }
}

/// <summary>A sandbox Zerodha client account.</summary>
public sealed class KiteSandboxUser
{
    public string UserId { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Base32 TOTP secret, as an authenticator app would be given.</summary>
    public string TotpSecret { get; set; } = "";

    public string UserName { get; set; } = "";

    public string? UserShortname { get; set; }

    public string Email { get; set; } = "";

    /// <summary>
    /// Shows this user's id, password and current TOTP code on the sandbox login page, so a newcomer can
    /// log in without an authenticator app. For demo users only; the code is still checked.
    /// </summary>
    public bool ShowOnLoginPage { get; set; }

    /// <summary>Opening equity cash balance in rupees.</summary>
    public double OpeningBalance { get; set; } = 1_000_000;

    /// <summary>Delivery holdings the user starts with, e.g. <c>NSE:INFY</c> x 10 @ 1400.</summary>
    public IList<KiteSandboxHolding> Holdings { get; } = [];
}

public sealed class KiteSandboxHolding
{
    /// <summary><c>EXCHANGE:TRADINGSYMBOL</c> of an instrument in the sandbox universe.</summary>
    public string Instrument { get; set; } = "";

    public int Quantity { get; set; }

    public double AveragePrice { get; set; }
}

/// <summary>Fails start-up on a sandbox config that would only fail later at the login page.</summary>
internal sealed class SandboxOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<SandboxOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        if (!options.Enabled)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var kite = options.Kite;
        if (kite.RequestTokenLifetime <= TimeSpan.Zero)
        {
            errors.Add("Sandbox:Kite:RequestTokenLifetime must be positive.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in kite.Apps)
        {
            if (string.IsNullOrWhiteSpace(app.ApiKey) || string.IsNullOrWhiteSpace(app.ApiSecret))
            {
                errors.Add("Every Sandbox:Kite:Apps entry needs ApiKey and ApiSecret.");
            }
            else if (!keys.Add(app.ApiKey))
            {
                errors.Add($"Duplicate Sandbox:Kite app ApiKey '{app.ApiKey}'.");
            }

            if (!Uri.TryCreate(app.RedirectUrl, UriKind.Absolute, out _))
            {
                errors.Add($"Sandbox:Kite app '{app.ApiKey}' needs an absolute RedirectUrl.");
            }

            if (!string.IsNullOrEmpty(app.PostbackUrl) && !Uri.TryCreate(app.PostbackUrl, UriKind.Absolute, out _))
            {
                errors.Add($"Sandbox:Kite app '{app.ApiKey}' has an invalid PostbackUrl.");
            }

            errors.AddRange(app.AllowedOrderIps.Where(ip => !IPAddress.TryParse(ip, out _))
                .Select(ip => $"Sandbox:Kite app '{app.ApiKey}' has an invalid AllowedOrderIps entry '{ip}'."));
        }

        var users = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in kite.Users)
        {
            if (string.IsNullOrWhiteSpace(user.UserId) || string.IsNullOrEmpty(user.Password))
            {
                errors.Add("Every Sandbox:Kite:Users entry needs UserId and Password.");
            }
            else if (!users.Add(user.UserId))
            {
                errors.Add($"Duplicate Sandbox:Kite user '{user.UserId}'.");
            }

            if (SandboxTotp.DecodeSeed(user.TotpSecret) is not { Length: > 0 })
            {
                errors.Add($"Sandbox:Kite user '{user.UserId}' needs a valid Base32 TotpSecret.");
            }

            errors.AddRange(user.Holdings.Where(h => KiteMarket.FindInstrument(h.Instrument) is null || h.Quantity <= 0)
                .Select(h => $"Sandbox:Kite user '{user.UserId}' has an invalid holding '{h.Instrument}'."));
        }

        errors.AddRange(ValidateAngel(options.Angel));
        foreach (var app in options.Fyers.Apps)
        {
            if (string.IsNullOrWhiteSpace(app.AppId) || string.IsNullOrWhiteSpace(app.Secret) || !Uri.TryCreate(app.RedirectUrl, UriKind.Absolute, out _))
            {
                errors.Add("Every Sandbox:Fyers:Apps entry needs AppId, Secret and an absolute RedirectUrl.");
            }

            errors.AddRange(app.AllowedOrderIps.Where(ip => !IPAddress.TryParse(ip, out _))
                .Select(ip => $"Sandbox:Fyers app '{app.AppId}' has an invalid AllowedOrderIps entry '{ip}'."));
        }

        errors.AddRange(Dhan.DhanSandboxValidation.Validate(options.Dhan));
        errors.AddRange(options.Fyers.Users.Where(u => string.IsNullOrWhiteSpace(u.FyId) || SandboxTotp.DecodeSeed(u.TotpSecret) is not { Length: > 0 })
            .Select(u => $"Sandbox:Fyers user '{u.FyId}' needs a FyId and a valid Base32 TotpSecret."));
        return errors.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> ValidateAngel(Angel.AngelSandboxOptions angel)
    {
        if (angel.TokenLifetime <= TimeSpan.Zero)
        {
            yield return "Sandbox:Angel:TokenLifetime must be positive.";
        }

        foreach (var app in angel.Apps)
        {
            if (string.IsNullOrWhiteSpace(app.ApiKey))
            {
                yield return "Every Sandbox:Angel:Apps entry needs an ApiKey.";
            }

            foreach (var ip in app.AllowedOrderIps.Where(ip => !IPAddress.TryParse(ip, out _)))
            {
                yield return $"Sandbox:Angel app '{app.ApiKey}' has an invalid AllowedOrderIps entry '{ip}'.";
            }
        }

        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in angel.Users)
        {
            if (string.IsNullOrWhiteSpace(user.ClientCode) || string.IsNullOrEmpty(user.Mpin))
            {
                yield return "Every Sandbox:Angel:Users entry needs ClientCode and Mpin.";
            }
            else if (!codes.Add(user.ClientCode))
            {
                yield return $"Duplicate Sandbox:Angel user '{user.ClientCode}'.";
            }

            if (SandboxTotp.DecodeSeed(user.TotpSecret) is not { Length: > 0 })
            {
                yield return $"Sandbox:Angel user '{user.ClientCode}' needs a valid Base32 TotpSecret.";
            }

            foreach (var holding in user.Holdings.Where(h => Angel.AngelMarket.Find("NSE", h.TradingSymbol) is null || h.Quantity <= 0))
            {
                yield return $"Sandbox:Angel user '{user.ClientCode}' has an invalid holding '{holding.TradingSymbol}'.";
            }
        }
    }
}
