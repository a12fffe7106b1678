using Microsoft.Playwright;

namespace BrokerConsole.Tests.TestSupport;

/// <summary>The sandbox Kite login page, driven the way a person does: user id and password, then the TOTP step.</summary>
public static class KiteSandboxLogin
{
    /// <summary>Fills step 1 and submits it with Enter in the password field; waits for the TOTP step.</summary>
    public static async Task PasswordStepAsync(IPage popup, string userId, string password)
    {
        await popup.Locator("#userid").WaitForAsync();
        await popup.FillAsync("#userid", userId);
        await popup.FillAsync("#password", password);
        await popup.PressAsync("#password", "Enter");
        await popup.Locator("#totp").WaitForAsync();
    }

    /// <summary>The code the sandbox page lists for a demo user right now (what a newcomer reads instead of a phone).</summary>
    public static async Task<string> CurrentCodeAsync(IPage popup, string userId)
    {
        var code = await popup.Locator($".demo-totp[data-user={userId}]").TextContentAsync();
        Assert.Matches("^[0-9]{6}$", code);
        return code!;
    }

    /// <summary>Types the code digit by digit; the field submits the form itself after the sixth.</summary>
    public static async Task TypeCodeAsync(IPage popup, string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        await popup.Locator("#totp").PressSequentiallyAsync(code[..^1]);
        try
        {
            await popup.Keyboard.PressAsync(code[^1..]);
        }
        catch (PlaywrightException ex) when (popup.IsClosed || ex.Message.Contains("has been closed", StringComparison.Ordinal))
        {
            // The last digit submitted, the login completed and the "Log in all" pass closed its window
            // before the key press call returned: that is success, not a failure.
        }
    }

    /// <summary>Both steps with the user's current code.</summary>
    public static async Task LogInAsync(IPage popup, string userId, string password)
    {
        await PasswordStepAsync(popup, userId, password);
        await TypeCodeAsync(popup, await CurrentCodeAsync(popup, userId));
    }
}
