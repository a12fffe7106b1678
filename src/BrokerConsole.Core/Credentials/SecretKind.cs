namespace BrokerConsole.Core.Credentials;

/// <summary>
/// Each kind of secret is encrypted under its own Data Protection purpose, so a ciphertext of one
/// kind can never be decrypted as another.
/// </summary>
public enum SecretKind
{
    /// <summary>Zerodha API secret, Fyers app secret, Dhan app secret.</summary>
    ApiSecret = 1,

    /// <summary>A broker access token: Dhan's user-generated token, or a session token.</summary>
    AccessToken = 2,

    /// <summary>Angel One MPIN (sent in SmartAPI's <c>password</c> field), or Dhan's 6-digit login PIN.</summary>
    Mpin = 3,

    /// <summary>Base32 TOTP seed used to generate login codes.</summary>
    TotpSecret = 4,

    /// <summary>The access token of a live broker session (kept apart from a user-pasted <see cref="AccessToken"/>).</summary>
    SessionToken = 5,

    /// <summary>The refresh token of a live broker session (Angel One), which renews it without MPIN and TOTP.</summary>
    SessionRefreshToken = 6,

    /// <summary>A user's Telegram bot token (the purpose's id is the user's notification settings row, not an account).</summary>
    TelegramBotToken = 7,

    /// <summary>The Telegram chat the user's notifications go to.</summary>
    TelegramChatId = 8,
}
