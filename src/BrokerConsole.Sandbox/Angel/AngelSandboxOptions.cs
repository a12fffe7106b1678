namespace BrokerConsole.Sandbox.Angel;

/// <summary>The <c>Sandbox:Angel</c> section: SmartAPI apps (API keys) and the clients who may log in.</summary>
public sealed class AngelSandboxOptions
{
    public IList<AngelSandboxApp> Apps { get; } = [];

    public IList<AngelSandboxUser> Users { get; } = [];

    /// <summary>JWT lifetime; Angel announced "24–28 hours" for a fresh token (reference §3.5).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Refresh-token lifetime. Sandbox choice (the reference gives none): a little longer than the JWT, so a client can
    /// renew with generateTokens near the JWT's end but not keep a session for days on one refresh token.
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(28);

    /// <summary>Seed of the simulated price walk; the same seed and clock give the same prices.</summary>
    public int MarketSeed { get; set; } = 20260403;
}

/// <summary>One SmartAPI app created on the SmartAPI portal.</summary>
public sealed class AngelSandboxApp
{
    /// <summary>Sent by clients as <c>X-PrivateKey</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Static IPs allowed to place/modify/cancel orders; empty means any IP (pre-April-2026 behaviour).</summary>
    public IList<string> AllowedOrderIps { get; } = [];
}

/// <summary>A sandbox Angel One client.</summary>
public sealed class AngelSandboxUser
{
    public string ClientCode { get; set; } = "";

    /// <summary>Sent in loginByPassword's <c>password</c> field.</summary>
    public string Mpin { get; set; } = "";

    /// <summary>Base32 TOTP seed, as enable-totp shows it.</summary>
    public string TotpSecret { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>Opening cash in rupees.</summary>
    public decimal OpeningBalance { get; set; } = 1_000_000m;

    public IList<AngelSandboxHolding> Holdings { get; } = [];
}

public sealed class AngelSandboxHolding
{
    /// <summary>SmartAPI trading symbol on NSE, e.g. <c>INFY-EQ</c>.</summary>
    public string TradingSymbol { get; set; } = "";

    public int Quantity { get; set; }

    public decimal AveragePrice { get; set; }
}
