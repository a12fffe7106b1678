namespace BrokerConsole.Sandbox.Fyers;

/// <summary>The <c>Sandbox:Fyers</c> section: API apps from myapi.fyers.in and the clients who may log in.</summary>
public sealed class FyersSandboxOptions
{
    public IList<FyersSandboxApp> Apps { get; } = [];

    public IList<FyersSandboxUser> Users { get; } = [];

    /// <summary>How long an auth_code may wait before validate-authcode.</summary>
    public TimeSpan AuthCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed of the simulated price walk; the same seed and clock give the same prices.</summary>
    public int MarketSeed { get; set; } = 20260402;
}

/// <summary>One API app.</summary>
public sealed class FyersSandboxApp
{
    /// <summary>e.g. <c>XC4EOD67IM-100</c>; the <c>-100</c> suffix is part of the id.</summary>
    public string AppId { get; set; } = "";

    public string Secret { get; set; } = "";

    public string RedirectUrl { get; set; } = "";

    /// <summary>Static IPs allowed to place/modify/cancel orders; empty means any IP.</summary>
    public IList<string> AllowedOrderIps { get; } = [];
}

/// <summary>A sandbox Fyers client.</summary>
public sealed class FyersSandboxUser
{
    /// <summary>The FYERS client id, e.g. <c>XA00001</c>.</summary>
    public string FyId { get; set; } = "";

    /// <summary>The 4-digit PIN entered on the login page.</summary>
    public string Pin { get; set; } = "";

    public string TotpSecret { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public decimal OpeningBalance { get; set; } = 1_000_000m;

    /// <summary>Shows id, PIN and the current TOTP on the sandbox login page (demo users only).</summary>
    public bool ShowOnLoginPage { get; set; }

    public IList<FyersSandboxHolding> Holdings { get; } = [];
}

/// <summary>A demat holding of a sandbox user.</summary>
public sealed class FyersSandboxHolding
{
    /// <summary>A Fyers symbol of the sandbox universe, e.g. <c>NSE:INFY-EQ</c>.</summary>
    public string Symbol { get; set; } = "";

    public int Quantity { get; set; }

    public decimal CostPrice { get; set; }
}
