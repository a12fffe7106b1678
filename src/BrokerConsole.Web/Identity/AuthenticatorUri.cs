using QRCoder;

namespace BrokerConsole.Web.Identity;

/// <summary>The otpauth URI an authenticator app scans (Key URI Format: issuer, account label, Base32 secret), drawn as an SVG QR code.</summary>
internal static class AuthenticatorUri
{
    public const string Issuer = "BrokerConsole";

    public static string For(string accountName, string base32Key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(accountName)}?secret={base32Key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";

    /// <summary>An inline SVG: no image request, no script, nothing for the CSP to refuse.</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
