using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Identity.Registration;

/// <summary>
/// Who administers this install: the addresses in <c>Identity:Administrators</c> when listed, otherwise the first user
/// who registered. Administrators create invites and password-reset links; nothing else is theirs.
/// </summary>
public sealed class ConsoleAdministrators(UserManager<ApplicationUser> users, IOptions<RegistrationOptions> options)
{
    public async Task<bool> IsAdministratorAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var listed = options.Value.Administrators;
        if (listed.Count > 0)
        {
            return listed.Any(a => string.Equals(a.Trim(), user.Email, StringComparison.OrdinalIgnoreCase));
        }

        return await FirstUserIdAsync(cancellationToken) == user.Id;
    }

    public async Task<bool> IsAdministratorAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        return user is not null && await IsAdministratorAsync(user, cancellationToken);
    }

    private async Task<string?> FirstUserIdAsync(CancellationToken cancellationToken)
    {
        // Ticks order as the dates do; the id breaks a tie so the answer never flips between two users.
        return await users.Users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
