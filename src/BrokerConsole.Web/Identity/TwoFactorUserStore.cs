using System.Security.Cryptography;
using System.Text;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// Identity's store, except for the console's own second factor: Identity keeps the authenticator key and the
/// recovery codes as plain text in AspNetUserTokens, so whoever copies the database could produce the codes. Here
/// the key is encrypted with Data Protection like every broker secret, and a recovery code is kept only as its
/// SHA-256 (a code is 50 random bits, used once, so a fast hash is enough).
/// </summary>
internal sealed class TwoFactorUserStore(BrokerConsoleDbContext context, IDataProtectionProvider dataProtection, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<ApplicationUser, BrokerConsoleDbContext>(context, describer)
{
    // Identity's own names, so CountCodesAsync and a user's existing row keep working.
    private const string StoreProvider = "[AspNetUserStore]";
    private const string AuthenticatorKeyName = "AuthenticatorKey";
    private const string RecoveryCodesName = "RecoveryCodes";

    private readonly IDataProtector _keyProtector = dataProtection.CreateProtector("BrokerConsole.Identity.AuthenticatorKey");

    public override Task SetAuthenticatorKeyAsync(ApplicationUser user, string key, CancellationToken cancellationToken) =>
        SetTokenAsync(user, StoreProvider, AuthenticatorKeyName, _keyProtector.Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, StoreProvider, AuthenticatorKeyName, cancellationToken);
        return stored is null ? null : _keyProtector.Unprotect(stored);
    }

    public override Task ReplaceCodesAsync(ApplicationUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, StoreProvider, RecoveryCodesName, string.Join(';', recoveryCodes.Select(HashOf)), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(ApplicationUser user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var stored = await GetTokenAsync(user, StoreProvider, RecoveryCodesName, cancellationToken) ?? "";
        var hashes = stored.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        var presented = Encoding.ASCII.GetBytes(HashOf(code));
        var match = hashes.FindIndex(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), presented));
        if (match < 0)
        {
            return false;
        }

        // Spent: removed in the same save as the sign-in's user update, so it cannot be used twice.
        hashes.RemoveAt(match);
        await SetTokenAsync(user, StoreProvider, RecoveryCodesName, string.Join(';', hashes), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(ApplicationUser user, CancellationToken cancellationToken) =>
        ((await GetTokenAsync(user, StoreProvider, RecoveryCodesName, cancellationToken)) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string HashOf(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant())));
}
