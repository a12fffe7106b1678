using BrokerConsole.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// Asks the signed-in user to prove it is still them before an action a stolen session must not do quietly:
/// revealing a stored secret or access token, creating an API key, turning off the second factor, storing a
/// login TOTP seed. The check runs in the circuit on the server; the answer is kept in <see cref="RecentConfirmations"/>.
/// </summary>
public interface IReauthentication
{
    /// <summary>True when this sign-in confirmed within the grace window, or confirms now; false when the user gave up.</summary>
    Task<bool> ConfirmAsync(string action);
}

internal sealed class DialogReauthentication(AuthenticationStateProvider authentication, RecentConfirmations recent, IDialogService dialogs) : IReauthentication
{
    public async Task<bool> ConfirmAsync(string action)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (recent.IsRecent(principal))
        {
            return true;
        }

        var parameters = new DialogParameters<ReauthDialog> { { d => d.Action, action } };
        var dialog = await dialogs.ShowAsync<ReauthDialog>("Confirm it is you", parameters, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        var result = await dialog.Result;
        // The dialog's answer alone is not trusted: only the server-side record of a checked password counts.
        return result is { Canceled: false } && recent.IsRecent(principal);
    }
}

/// <summary>Whether the signed-in user has the console's second factor on (read fresh, not from the circuit's cache).</summary>
public interface ITwoFactorStatus
{
    Task<bool> IsOnAsync();
}

internal sealed class IdentityTwoFactorStatus(AuthenticationStateProvider authentication, IServiceScopeFactory scopes) : ITwoFactorStatus
{
    public async Task<bool> IsOnAsync()
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Identity.ApplicationUser>>();
        return await users.GetUserAsync(principal) is { } user && await users.GetTwoFactorEnabledAsync(user);
    }
}
