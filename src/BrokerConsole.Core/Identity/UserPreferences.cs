using BrokerConsole.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Identity;

/// <summary>How the console is drawn for one person: follows the OS, or always light or dark.</summary>
public enum ThemeMode
{
    System,
    Light,
    Dark,
}

/// <summary>The Accounts page as cards (the default) or as a compact table.</summary>
public enum AccountsLayout
{
    Cards,
    Table,
}

/// <summary>Display choices remembered per user, whatever browser they sign in from.</summary>
public sealed record DisplayPreferences(ThemeMode Theme, AccountsLayout AccountsLayout)
{
    public static readonly DisplayPreferences Default = new(ThemeMode.System, AccountsLayout.Cards);
}

/// <summary>Reads and stores the signed-in user's <see cref="DisplayPreferences"/>.</summary>
public interface IUserPreferences
{
    /// <summary>The signed-in user's choices, or the defaults when nobody is signed in or nothing was chosen.</summary>
    Task<DisplayPreferences> GetAsync(CancellationToken cancellationToken = default);

    /// <exception cref="UnauthorizedAccessException">Nobody is signed in.</exception>
    Task SetThemeAsync(ThemeMode theme, CancellationToken cancellationToken = default);

    /// <exception cref="UnauthorizedAccessException">Nobody is signed in.</exception>
    Task SetAccountsLayoutAsync(AccountsLayout layout, CancellationToken cancellationToken = default);
}

/// <summary>
/// Keeps each preference as one Identity user claim: they are per user, tiny and rarely written,
/// so they need no table of their own (and no migration when a new one is added).
/// </summary>
internal sealed class UserPreferences(BrokerConsoleDbContext db, ICurrentUser currentUser) : IUserPreferences
{
    private const string ThemeClaim = "brokerconsole:pref:theme";
    private const string AccountsLayoutClaim = "brokerconsole:pref:accounts-layout";

    public async Task<DisplayPreferences> GetAsync(CancellationToken cancellationToken = default)
    {
        if (currentUser.UserId is not { } userId)
        {
            return DisplayPreferences.Default;
        }

        var claims = await db.UserClaims.AsNoTracking()
            .Where(c => c.UserId == userId && (c.ClaimType == ThemeClaim || c.ClaimType == AccountsLayoutClaim))
            .Select(c => new { c.ClaimType, c.ClaimValue })
            .ToListAsync(cancellationToken);
        return new DisplayPreferences(
            Parse(claims.Find(c => c.ClaimType == ThemeClaim)?.ClaimValue, DisplayPreferences.Default.Theme),
            Parse(claims.Find(c => c.ClaimType == AccountsLayoutClaim)?.ClaimValue, DisplayPreferences.Default.AccountsLayout));
    }

    public Task SetThemeAsync(ThemeMode theme, CancellationToken cancellationToken = default) =>
        SetAsync(ThemeClaim, theme.ToString(), cancellationToken);

    public Task SetAccountsLayoutAsync(AccountsLayout layout, CancellationToken cancellationToken = default) =>
        SetAsync(AccountsLayoutClaim, layout.ToString(), cancellationToken);

    private async Task SetAsync(string claimType, string value, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        var existing = await db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == claimType).ToListAsync(cancellationToken);
        if (existing.Count == 1)
        {
            existing[0].ClaimValue = value;
        }
        else
        {
            db.UserClaims.RemoveRange(existing);
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = claimType, ClaimValue = value });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    // An unknown stored value (a preference renamed in a later version) falls back to the default.
    private static T Parse<T>(string? value, T fallback) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : fallback;
}
