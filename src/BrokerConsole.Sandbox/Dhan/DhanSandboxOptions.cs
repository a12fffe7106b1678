namespace BrokerConsole.Sandbox.Dhan;

/// <summary>
/// The <c>Sandbox:Dhan</c> section: clients (with a web-generated token, and a PIN + TOTP for the headless login),
/// API keys for the consent flow, token lifetime, the daily consent cap and the rate limits (reference §1.2, §1.5, §1.9).
/// </summary>
public sealed class DhanSandboxOptions
{
    public IList<DhanSandboxUser> Users { get; } = [];

    /// <summary>API key + secret pairs created on web.dhan.co, each with the redirect URL registered for it.</summary>
    public IList<DhanSandboxApp> Apps { get; } = [];

    /// <summary>Dhan tokens live 24 hours (reference §1.5): a configured token from the sandbox's start, an issued one from its login.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>At most 25 consents a day per API key (reference §1.2 C); the day is the IST calendar day.</summary>
    public int ConsentsPerDay { get; set; } = 25;

    /// <summary>How long a consent and a login's tokenId stay usable (sandbox choice; Dhan publishes none).</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public DhanSandboxRateLimits RateLimits { get; set; } = new();
}

/// <summary>Dhan's published limits (reference §1.9); zero turns a window off. Counted per client on the wall clock.</summary>
public sealed class DhanSandboxRateLimits
{
    public bool Enabled { get; set; } = true;

    public int OrdersPerSecond { get; set; } = 10;

    public int OrdersPerMinute { get; set; } = 250;

    public int OrdersPerHour { get; set; } = 1000;

    public int OrdersPerDay { get; set; } = 7000;

    /// <summary>Market-quote (marketfeed) calls.</summary>
    public int QuotesPerSecond { get; set; } = 1;

    /// <summary>Everything else: profile, funds, books, positions, holdings.</summary>
    public int NonTradingPerSecond { get; set; } = 20;

    /// <summary>Modifications allowed on one order.</summary>
    public int ModificationsPerOrder { get; set; } = 25;
}

/// <summary>An API key + secret (valid 12 months at Dhan) with the redirect URL registered for it.</summary>
public sealed class DhanSandboxApp
{
    /// <summary>Sent as the <c>app_id</c> header.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Sent as the <c>app_secret</c> header.</summary>
    public string ApiSecret { get; set; } = "";

    /// <summary>Where the consent login page sends the browser with <c>?tokenId=</c>.</summary>
    public string RedirectUrl { get; set; } = "";
}

public sealed class DhanSandboxUser
{
    /// <summary>Numeric Dhan client id, e.g. <c>1000000001</c>.</summary>
    public string ClientId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The token the user would paste into the app (flow A); optional when the user logs in only through B or C.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The 6-digit login PIN (flows B and C); empty disables them for this user.</summary>
    public string Pin { get; set; } = "";

    /// <summary>Base32 TOTP seed (flows B and C).</summary>
    public string TotpSecret { get; set; } = "";

    /// <summary>Whether the consent login page lists this user with the current TOTP (demo convenience).</summary>
    public bool ShowOnLoginPage { get; set; }

    public decimal OpeningBalance { get; set; } = 1_000_000m;

    /// <summary>Static IPs allowed for order APIs; empty means any IP.</summary>
    public IList<string> AllowedOrderIps { get; } = [];

    public IList<DhanSandboxHolding> Holdings { get; } = [];
}

public sealed class DhanSandboxHolding
{
    /// <summary>An NSE_EQ security id the sandbox knows, e.g. <c>1333</c>.</summary>
    public string SecurityId { get; set; } = "";

    public int Quantity { get; set; }

    public decimal AveragePrice { get; set; }
}
