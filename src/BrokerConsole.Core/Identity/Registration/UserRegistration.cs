using System.Data;
using BrokerConsole.Core.Persistence;
using BrokerConsole.Core.Persistence.Providers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Identity.Registration;

/// <summary>
/// Creates users as <c>Identity:Registration</c> allows. The check, the new user and the spent invite are one
/// serializable transaction (on SQLite it holds the write lock from its first statement; PostgreSQL lets both run and
/// aborts the one that would break serializability, which is then decided again): two people racing to be the first
/// user of a fresh install get one administrator and one refusal, and one invite makes one user.
/// </summary>
public sealed class UserRegistration(
    BrokerConsoleDbContext db,
    UserManager<ApplicationUser> users,
    IOptions<RegistrationOptions> options,
    TimeProvider time)
{
    public RegistrationMode Mode => options.Value.Mode;

    /// <summary>What the register page may offer this visitor. Says nothing about who is registered.</summary>
    public async Task<RegistrationDecision> DecideAsync(string? inviteToken, CancellationToken cancellationToken = default)
    {
        if (!await db.Users.AnyAsync(cancellationToken))
        {
            return RegistrationDecision.FirstUser;
        }

        return options.Value.Mode switch
        {
            RegistrationMode.Open => RegistrationDecision.Open,
            RegistrationMode.InviteOnly when string.IsNullOrWhiteSpace(inviteToken) => RegistrationDecision.NeedsInvite,
            RegistrationMode.InviteOnly => await PendingInvite(inviteToken).AnyAsync(cancellationToken)
                ? RegistrationDecision.Invited
                : RegistrationDecision.InviteNotValid,
            _ => RegistrationDecision.Closed,
        };
    }

    public async Task<RegistrationResult> RegisterAsync(string email, string password, string? inviteToken, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RegisterOnceAsync(email, password, inviteToken, cancellationToken);
            }
            catch (Exception ex) when (attempt < MaxAttempts && StorageErrors.IsSerializationConflict(ex))
            {
                // A concurrent registration committed first (PostgreSQL only): nothing of ours was kept; decide again
                // against what it wrote, e.g. "not the first user any more".
                db.ChangeTracker.Clear();
            }
        }
    }

    private const int MaxAttempts = 5;

    private async Task<RegistrationResult> RegisterOnceAsync(string email, string password, string? inviteToken, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var decision = await DecideAsync(inviteToken, cancellationToken);
        if (!decision.Allowed)
        {
            return new(null, decision, [decision.Message]);
        }

        var now = time.GetUtcNow();
        var user = new ApplicationUser { UserName = email, Email = email, CreatedAt = now };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new(null, decision, [.. created.Errors.Select(Describe).Distinct()]);
        }

        if (decision.Path == RegistrationPath.Invite)
        {
            // Conditional: the invite is spent by exactly one registration even if two arrive with the same link.
            var spent = await PendingInvite(inviteToken!).ExecuteUpdateAsync(
                u => u.SetProperty(i => i.UsedAt, now).SetProperty(i => i.UsedByUserId, user.Id), cancellationToken);
            if (spent != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new(null, RegistrationDecision.InviteNotValid, [RegistrationDecision.InviteNotValid.Message]);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new(user, decision, []);
    }

    private IQueryable<Invite> PendingInvite(string token)
    {
        var hash = InviteTokens.Hash(token.Trim());
        var now = time.GetUtcNow();
        return db.Invites.Where(i => i.TokenHash == hash && i.UsedAt == null && i.RevokedAt == null && i.ExpiresAt > now);
    }

    private static string Describe(IdentityError error) => error.Code is "DuplicateUserName" or "DuplicateEmail"
        ? "An account with that email already exists; sign in instead."
        : error.Description;
}
