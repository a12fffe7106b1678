using System.Collections.Frozen;

namespace BrokerConsole.Core.Accounts;

/// <summary>How one broker names and requires one field of the account form.</summary>
/// <param name="Field">The field.</param>
/// <param name="Label">The broker's own name for it, as its dashboard shows it.</param>
/// <param name="Requirement">Whether the broker needs it.</param>
/// <param name="Help">Where the user finds the value.</param>
public sealed record BrokerFieldSpec(AccountField Field, string Label, FieldRequirement Requirement, string Help)
{
    public bool IsSecret => Field is AccountField.ApiSecret or AccountField.AccessToken
        or AccountField.Mpin or AccountField.TotpSecret;
}

public enum FieldRequirement
{
    Required,
    Optional,

    /// <summary>Required unless the broker's alternative credential is given (Dhan: token or app id + secret).</summary>
    OneOfAlternatives,
}

/// <summary>A link to one of the broker's own web pages.</summary>
public sealed record BrokerLink(string Text, string Url);

/// <summary>Per-broker descriptions of the account form, shared by validation and the UI.</summary>
public sealed record BrokerDescriptor(BrokerKind Broker, string Name, string LoginMethod, IReadOnlyList<BrokerFieldSpec> Fields)
{
    /// <summary>Step-by-step guidance shown in the add/edit dialog: where the values come from and how connecting works.</summary>
    public string ConnectHelp { get; init; } = "";

    /// <summary>The broker's dashboards, for Manage Account's quick links.</summary>
    public IReadOnlyList<BrokerLink> Links { get; init; } = [];

    /// <summary>
    /// How an API call carries this broker's session, with <c>{api_key}</c>, <c>{client_id}</c> and <c>{access_token}</c> placeholders.
    /// </summary>
    public string AuthHeaderFormat { get; init; } = "";

    /// <summary>Whether the broker accepts API orders only from a registered static IP (SEBI retail-algo rules, April 2026).</summary>
    public bool RequiresStaticIpForOrders { get; init; }

    /// <summary>Where the user registers the static IP with this broker.</summary>
    public string StaticIpSteps { get; init; } = "";

    public BrokerFieldSpec? Find(AccountField field) => Fields.FirstOrDefault(f => f.Field == field);
}

public static class BrokerCatalog
{
    private static readonly FrozenDictionary<BrokerKind, BrokerDescriptor> _descriptors = new[]
    {
        new BrokerDescriptor(BrokerKind.Zerodha, "Zerodha", "Kite login in a popup (request token exchanged on the server)",
        [
            new(AccountField.ClientId, "Zerodha user id", FieldRequirement.Required, "Your Kite login id, e.g. AB1234."),
            new(AccountField.ApiKey, "API key", FieldRequirement.Required, "From your app on developers.kite.trade."),
            new(AccountField.ApiSecret, "API secret", FieldRequirement.Required, "From the same app; used only on the server to sign the session exchange."),
            new(AccountField.RedirectUrl, "Redirect URL", FieldRequirement.Required, "Must match the redirect URL registered on the Kite app exactly."),
            new(AccountField.PostbackUrl, "Postback URL", FieldRequirement.Optional, "Where Kite posts order updates (https for a live account)."),
            new(AccountField.TotpSecret, "TOTP secret for the login code", FieldRequirement.Optional,
                "Optional, off unless you fill it in. Warning: with it stored, this server holds your Kite second factor as well as your API secret, so anyone who gets into BrokerConsole and its keys can log in as you. It is encrypted, never shown, and every code it makes is audited. 'Log in all' then shows the current 6-digit code beside the Kite popup."),
        ])
        {
            ConnectHelp = "Create a Kite Connect app, set its redirect URL to this app's /connect/zerodha/callback, then use 'Log in' on the card to log in to Kite in a popup.",
            Links = [new("Kite dashboard", "https://kite.zerodha.com/dashboard"), new("Zerodha Console", "https://console.zerodha.com/"), new("Kite Connect apps", "https://developers.kite.trade/apps")],
            AuthHeaderFormat = "X-Kite-Version: 3\nAuthorization: token {api_key}:{access_token}",
        },
        // The form shows one DhanLoginMode's fields (DhanLoginModes); this list is every field any mode uses.
        new BrokerDescriptor(BrokerKind.Dhan, "Dhan", "Access token, API key + secret (consent popup), or PIN + TOTP",
        [
            new(AccountField.ClientId, "Dhan client id", FieldRequirement.Required, "The numeric client id shown in Dhan's profile."),
            new(AccountField.AccessToken, "Access token", FieldRequirement.OneOfAlternatives, "Generated under 'Access DhanHQ APIs' on web.dhan.co."),
            new(AccountField.ApiKey, "API key (app id)", FieldRequirement.OneOfAlternatives, "For the consent flow instead of a pasted token."),
            new(AccountField.ApiSecret, "API secret", FieldRequirement.OneOfAlternatives, "Pairs with the API key."),
            new(AccountField.Mpin, "PIN", FieldRequirement.OneOfAlternatives, "Your 6-digit Dhan login PIN, for the PIN + TOTP login."),
            new(AccountField.TotpSecret, "TOTP secret", FieldRequirement.OneOfAlternatives, "The Base32 key shown when enabling TOTP on Dhan."),
        ])
        {
            ConnectHelp = "Choose how this account logs in below: a pasted 24-hour access token, your API key + secret (Dhan's login page opens in a popup), or your PIN + TOTP secret (no popup).",
            Links = [new("Dhan web", "https://web.dhan.co/"), new("DhanHQ API docs", "https://dhanhq.co/docs/v2/")],
            AuthHeaderFormat = "access-token: {access_token}\nclient-id: {client_id}\nContent-Type: application/json",
            RequiresStaticIpForOrders = true,
            StaticIpSteps = "On web.dhan.co open My Profile → Access DhanHQ APIs → Static IP, enter the IP as primary and save. Dhan keeps it for at least 7 days.",
        },
        new BrokerDescriptor(BrokerKind.Fyers, "Fyers", "Auth-code login in a popup (appIdHash exchange on the server)",
        [
            new(AccountField.ClientId, "Fyers id", FieldRequirement.Required, "Your Fyers client id, e.g. XA00000."),
            new(AccountField.ApiKey, "App id", FieldRequirement.Required, "From myapi.fyers.in, e.g. XC4EOD67IM-100."),
            new(AccountField.ApiSecret, "Secret id", FieldRequirement.Required, "The app's secret from myapi.fyers.in."),
            new(AccountField.RedirectUrl, "Redirect URL", FieldRequirement.Required, "Must match the redirect URI registered on the Fyers app."),
        ])
        {
            ConnectHelp = "Create an app on myapi.fyers.in with this app's /connect/fyers/callback as redirect URI. Fyers needs a fresh browser login (with 2FA) every trading day.",
            Links = [new("Fyers web", "https://trade.fyers.in/"), new("Fyers API dashboard", "https://myapi.fyers.in/dashboard")],
            AuthHeaderFormat = "Authorization: {api_key}:{access_token}\nContent-Type: application/json",
            RequiresStaticIpForOrders = true,
            StaticIpSteps = "On myapi.fyers.in create (or edit) the API app and enter the IP in its static IP field. Apps created before April 2026 cannot place orders.",
        },
        new BrokerDescriptor(BrokerKind.AngelOne, "Angel One", "Client code + MPIN + TOTP, no popup",
        [
            new(AccountField.ClientId, "Client code", FieldRequirement.Required, "Your Angel One client code, e.g. A123456."),
            new(AccountField.ApiKey, "API key", FieldRequirement.Required, "From your app on smartapi.angelbroking.com."),
            new(AccountField.Mpin, "MPIN", FieldRequirement.Required, "Your 4-digit Angel One MPIN."),
            new(AccountField.TotpSecret, "TOTP secret", FieldRequirement.Required, "The Base32 key shown when enabling TOTP at smartapi.angelbroking.com/enable-totp."),
        ])
        {
            ConnectHelp = "1. Create an app on smartapi.angelbroking.com and copy its API key. 2. Enable TOTP at smartapi.angelbroking.com/enable-totp and copy the Base32 key (not a 6-digit code). 3. 'Log in' on the card then logs in on this server with your client code, MPIN and a fresh TOTP code; no popup. Sessions last about 24 hours.",
            Links = [new("Angel One web", "https://www.angelone.in/trade/"), new("SmartAPI apps", "https://smartapi.angelbroking.com/apps"), new("Enable TOTP", "https://smartapi.angelbroking.com/enable-totp")],
            AuthHeaderFormat = "X-PrivateKey: {api_key}\nX-UserType: USER\nX-SourceID: WEB\nX-ClientLocalIP: <lan ip>\nX-ClientPublicIP: <static ip>\nX-MACAddress: <mac>\nAuthorization: Bearer {access_token}",
            RequiresStaticIpForOrders = true,
            StaticIpSteps = "On smartapi.angelbroking.com open your app (My Apps), enter the IP as its primary static IP and save. Angel rejects an IP already registered by someone else.",
        },
    }.ToFrozenDictionary(d => d.Broker);

    public static IReadOnlyCollection<BrokerDescriptor> All => _descriptors.Values;

    public static BrokerDescriptor For(BrokerKind broker) =>
        _descriptors.TryGetValue(broker, out var descriptor)
            ? descriptor
            : throw new ArgumentOutOfRangeException(nameof(broker), broker, "Unknown broker.");
}
