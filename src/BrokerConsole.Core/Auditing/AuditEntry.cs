namespace BrokerConsole.Core.Auditing;

/// <summary>One sensitive action: who did what, to which account, when. Never holds a secret value.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset At { get; set; }

    public AuditAction Action { get; set; }

    public Guid? AccountId { get; set; }

    /// <summary>A human sentence, e.g. "Revealed API secret of 'Family HUF'". Built from names, never values.</summary>
    public required string Summary { get; set; }

    /// <summary>The client's address for actions done in a request (behind a trusted proxy: the client's, not the proxy's).</summary>
    public string? ClientIp { get; set; }
}

public enum AuditAction
{
    SignedIn = 1,
    SignInFailed = 2,
    LockedOut = 3,
    SignedOut = 4,
    PasswordChanged = 5,
    Registered = 6,

    /// <summary>An administrator created a password-reset link (recorded for both users).</summary>
    PasswordResetLinkCreated = 7,

    /// <summary>A password was set with a reset link.</summary>
    PasswordReset = 8,

    /// <summary>The user re-entered the password (or a second-factor code) before a sensitive action.</summary>
    IdentityConfirmed = 9,
    AccountCreated = 10,
    AccountUpdated = 11,
    AccountDeleted = 12,
    SecretRevealed = 13,

    /// <summary>A login code was made from a stored TOTP secret and shown (the secret itself never is).</summary>
    LoginCodeShown = 14,
    SessionConnected = 20,
    SessionConnectFailed = 21,
    SessionDisconnected = 22,

    /// <summary>A session was extended with its refresh token (Angel One generateTokens), without a new login.</summary>
    SessionRenewed = 23,
    OrderPlaced = 30,
    OrderCancelled = 31,
    OrderModified = 32,

    /// <summary>A previewed exit of positions was confirmed (each closing order is also recorded as placed).</summary>
    PositionsExited = 33,

    /// <summary>The kill switch ran: open orders cancelled and intraday positions squared off, with counts.</summary>
    KillSwitch = 34,
    ApiKeyCreated = 40,
    ApiKeyRevoked = 41,

    /// <summary>A schedule was run at once by its owner ("Run now"), outside its clock.</summary>
    ScheduleRunNow = 50,

    /// <summary>The console's second factor (authenticator app) was turned on for the user.</summary>
    TwoFactorEnabled = 60,

    /// <summary>The console's second factor was turned off.</summary>
    TwoFactorDisabled = 61,

    /// <summary>A single-use recovery code was spent to sign in.</summary>
    RecoveryCodeUsed = 62,

    /// <summary>A basket (one order to many accounts) was confirmed and its run started.</summary>
    BasketPlaced = 80,

    /// <summary>An administrator created an invite to register (the link itself is never recorded).</summary>
    InviteCreated = 90,

    /// <summary>An administrator revoked a pending invite.</summary>
    InviteRevoked = 91,
}
