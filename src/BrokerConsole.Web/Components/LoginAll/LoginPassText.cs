using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions.MorningLogin;

namespace BrokerConsole.Web.Components.LoginAll;

/// <summary>The words of the "Log in all" page, kept apart from its markup so the page stays readable.</summary>
internal static class LoginPassText
{
    public static string Status(PassStepStatus status) => status switch
    {
        PassStepStatus.Done => "Logged in",
        PassStepStatus.Current => "Now",
        PassStepStatus.Skipped => "Skipped",
        _ => "Waiting",
    };

    public static MudBlazor.Color StatusColor(PassStepStatus status) => status switch
    {
        PassStepStatus.Done => MudBlazor.Color.Success,
        PassStepStatus.Current => MudBlazor.Color.Primary,
        _ => MudBlazor.Color.Default,
    };

    public static string StatusIcon(PassStepStatus status) => status switch
    {
        PassStepStatus.Done => MudBlazor.Icons.Material.Filled.CheckCircle,
        PassStepStatus.Current => MudBlazor.Icons.Material.Filled.PlayArrow,
        PassStepStatus.Skipped => MudBlazor.Icons.Material.Filled.SkipNext,
        _ => MudBlazor.Icons.Material.Filled.HourglassEmpty,
    };

    public static MudBlazor.Color ReasonColor(LoginNeed need) => need switch
    {
        LoginNeed.Expired or LoginNeed.Error => MudBlazor.Color.Error,
        LoginNeed.EndsBeforeOpen => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>
    /// The login window closed before the broker sent the user back. A refusal (wrong password, wrong code) happens
    /// on the broker's own page, which this app cannot read, so the message names the likely causes instead of
    /// guessing one; for an account whose code this page showed, a refused code points at the stored secret.
    /// </summary>
    public static string ClosedWithoutOutcome(AccountSummary account)
    {
        var codeHint = account.StoredSecrets.Contains(SecretKind.TotpSecret)
            ? "the code shown here comes from the TOTP secret stored for this account: check that secret (Edit) and this server's clock"
            : "check your authenticator app's clock and that it is the entry for this user";
        return $"The {account.BrokerName} window for {account.DisplayName} was closed before {account.BrokerName} sent you back, so nothing changed. "
            + $"If {account.BrokerName} said the TOTP was invalid, {codeHint}; if it refused the password, check the user ID {account.ClientId}; "
            + $"otherwise the login was just left unfinished. Click 'Log in {account.DisplayName}' to try again, or Skip.";
    }

    public static string Blocked(AccountSummary account) =>
        $"The browser blocked the login window for {account.DisplayName}. Allow pop-ups for this site (icon at the right of the address bar), then click 'Log in {account.DisplayName}' again.";

    public const string LateEvening =
        "It is after 18:00 IST: a Zerodha, Fyers or Dhan login made now ends at 06:00 IST, before the next open. " +
        "Log those in after 06:00 for the next session; an Angel One login lasts 24 hours.";
}
