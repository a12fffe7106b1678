using System.Text;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Identity.Registration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Web.Components.Account;

/// <summary>The outcome of asking for a reset link: the link, or why there is none.</summary>
public sealed record PasswordResetLink(bool Created, string Message, string? Url);

/// <summary>Password-reset tokens live one hour (Identity's default provider would keep them a day).</summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider dataProtectionProvider, IOptions<PasswordResetTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "PasswordResetLink";
}

public sealed class PasswordResetTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public PasswordResetTokenProviderOptions()
    {
        Name = PasswordResetTokenProvider.ProviderName;
        TokenLifespan = PasswordResetLinks.Lifetime;
    }
}

/// <summary>
/// "Forgot password?" without e-mail: BrokerConsole sends no mail, so an administrator (an address listed in
/// <c>Identity:Administrators</c>, or else the first user who registered) creates a reset link in Settings and
/// hands it over. The token is Identity's, bound to the user's security stamp: using it changes the stamp, so a
/// link works once, and it expires after <see cref="Lifetime"/>. Both users' activity logs record it; the link
/// itself is never stored or logged.
/// </summary>
public sealed class PasswordResetLinks(UserManager<ApplicationUser> users, IAuditTrail audit, ConsoleAdministrators administrators)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public const string PagePath = "account/reset-password";

    /// <summary>Whether the user may create reset links for others.</summary>
    public Task<bool> IsAdministratorAsync(ApplicationUser user) => administrators.IsAdministratorAsync(user);

    /// <summary>A single-use link that lets <paramref name="email"/>'s owner choose a new password.</summary>
    public async Task<PasswordResetLink> CreateAsync(ApplicationUser administrator, string email, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(baseUri);
        if (!await IsAdministratorAsync(administrator))
        {
            return new(false, "Only an administrator can create reset links.", null);
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return new(false, $"No BrokerConsole user has the e-mail {email.Trim()}.", null);
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var encoded = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var url = new Uri(baseUri, $"{PagePath}?user={Uri.EscapeDataString(user.Id)}&token={encoded}").ToString();
        await audit.RecordAsync(administrator.Id, AuditAction.PasswordResetLinkCreated, $"Created a password-reset link for {user.Email} (valid {Lifetime.TotalMinutes:0} minutes, once)");
        if (user.Id != administrator.Id)
        {
            await audit.RecordAsync(user.Id, AuditAction.PasswordResetLinkCreated, $"{administrator.Email} created a password-reset link for you");
        }

        return new(true, $"Reset link for {user.Email}: it works once, for {Lifetime.TotalMinutes:0} minutes. Hand it over privately.", url);
    }

    /// <summary>Sets a new password with a link's token; false with the reason when the link is used, expired or forged.</summary>
    public async Task<(bool Succeeded, string Message)> ResetAsync(string userId, string encodedToken, string newPassword)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(encodedToken));
        }
        catch (FormatException)
        {
            token = "";
        }

        if (user is null || token.Length == 0)
        {
            return (false, InvalidLink);
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            return (false, result.Errors.Any(e => e.Code == "InvalidToken")
                ? InvalidLink
                : string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await audit.RecordAsync(user.Id, AuditAction.PasswordReset, "Reset the password with a reset link");
        return (true, "Your password was changed. Sign in with the new one.");
    }

    public const string InvalidLink = "This reset link is used, expired or incomplete. Ask your administrator for a new one.";
}

/// <summary>Wiring: the one-hour token provider for reset links and the service that makes them.</summary>
public static class PasswordResetRegistration
{
    public static IServiceCollection AddPasswordResetLinks(this IServiceCollection services)
    {
        new IdentityBuilder(typeof(ApplicationUser), services).AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.ProviderName);
        services.Configure<IdentityOptions>(o => o.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName);
        services.AddOptions<PasswordResetTokenProviderOptions>();
        services.AddScoped<PasswordResetLinks>();
        return services;
    }
}
