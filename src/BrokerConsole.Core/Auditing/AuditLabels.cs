namespace BrokerConsole.Core.Auditing;

/// <summary>What a person reads for an audit action: "Signed in", not "SignedIn".</summary>
public static class AuditLabels
{
    public static string For(AuditAction action) => action switch
    {
        AuditAction.SignedIn => "Signed in",
        AuditAction.SignInFailed => "Sign-in failed",
        AuditAction.LockedOut => "Locked out",
        AuditAction.SignedOut => "Signed out",
        AuditAction.PasswordChanged => "Password changed",
        AuditAction.Registered => "Registered",
        AuditAction.PasswordResetLinkCreated => "Reset link created",
        AuditAction.PasswordReset => "Password reset",
        AuditAction.AccountCreated => "Account added",
        AuditAction.AccountUpdated => "Account edited",
        AuditAction.AccountDeleted => "Account deleted",
        AuditAction.SecretRevealed => "Secret revealed",
        AuditAction.LoginCodeShown => "Login code shown",
        AuditAction.SessionConnected => "Logged in to broker",
        AuditAction.SessionConnectFailed => "Broker login failed",
        AuditAction.SessionDisconnected => "Disconnected",
        AuditAction.SessionRenewed => "Session renewed",
        AuditAction.OrderPlaced => "Order placed",
        AuditAction.OrderCancelled => "Order cancelled",
        AuditAction.OrderModified => "Order modified",
        AuditAction.PositionsExited => "Positions exited",
        AuditAction.KillSwitch => "Kill switch",
        AuditAction.ApiKeyCreated => "API key created",
        AuditAction.ApiKeyRevoked => "API key revoked",
        AuditAction.ScheduleRunNow => "Schedule run now",
        AuditAction.IdentityConfirmed => "Password confirmed",
        AuditAction.TwoFactorEnabled => "Two-factor turned on",
        AuditAction.TwoFactorDisabled => "Two-factor turned off",
        AuditAction.RecoveryCodeUsed => "Recovery code used",
        AuditAction.BasketPlaced => "Basket placed",
        AuditAction.InviteCreated => "Invite created",
        AuditAction.InviteRevoked => "Invite revoked",
        _ => action.ToString(),
    };
}
