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

/// <summary>Per-broker descriptions of the account form, shared by validation and the UI.</summary>
public sealed record BrokerDescriptor(BrokerKind Broker, string Name, string LoginMethod, IReadOnlyList<BrokerFieldSpec> Fields)
{
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
        ]),
        new BrokerDescriptor(BrokerKind.Dhan, "Dhan", "Access token from web.dhan.co, or app id + secret with the consent flow",
        [
            new(AccountField.ClientId, "Dhan client id", FieldRequirement.Required, "The numeric client id shown in Dhan's profile."),
            new(AccountField.AccessToken, "Access token", FieldRequirement.OneOfAlternatives, "Generated under 'Access DhanHQ APIs' on web.dhan.co."),
            new(AccountField.ApiKey, "App id (API key)", FieldRequirement.OneOfAlternatives, "For the consent flow instead of a pasted token."),
            new(AccountField.ApiSecret, "App secret (API secret)", FieldRequirement.OneOfAlternatives, "Pairs with the app id."),
        ]),
        new BrokerDescriptor(BrokerKind.Fyers, "Fyers", "Auth-code login in a popup (appIdHash exchange on the server)",
        [
            new(AccountField.ClientId, "Fyers id", FieldRequirement.Required, "Your Fyers client id, e.g. XA00000."),
            new(AccountField.ApiKey, "App id", FieldRequirement.Required, "From myapi.fyers.in, e.g. XC4EOD67IM-100."),
            new(AccountField.ApiSecret, "Secret id", FieldRequirement.Required, "The app's secret from myapi.fyers.in."),
            new(AccountField.RedirectUrl, "Redirect URL", FieldRequirement.Required, "Must match the redirect URI registered on the Fyers app."),
        ]),
        new BrokerDescriptor(BrokerKind.AngelOne, "Angel One", "Client code + MPIN + TOTP, no popup",
        [
            new(AccountField.ClientId, "Client code", FieldRequirement.Required, "Your Angel One client code, e.g. A123456."),
            new(AccountField.ApiKey, "API key", FieldRequirement.Required, "From your app on smartapi.angelbroking.com."),
            new(AccountField.Mpin, "MPIN", FieldRequirement.Required, "Your 4-digit Angel One MPIN."),
            new(AccountField.TotpSecret, "TOTP secret", FieldRequirement.Required, "The Base32 key shown when enabling TOTP at smartapi.angelbroking.com/enable-totp."),
        ]),
    }.ToFrozenDictionary(d => d.Broker);

    public static IReadOnlyCollection<BrokerDescriptor> All => _descriptors.Values;

    public static BrokerDescriptor For(BrokerKind broker) =>
        _descriptors.TryGetValue(broker, out var descriptor)
            ? descriptor
            : throw new ArgumentOutOfRangeException(nameof(broker), broker, "Unknown broker.");
}
