using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Identity.Registration;

/// <summary>One invite as an administrator sees it.</summary>
public sealed record InviteView(Guid Id, string? Note, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, InviteState State, string? UsedBy, DateTimeOffset? UsedAt);

/// <summary>A new invite and its token: the only time the token exists outside the link.</summary>
public sealed record CreatedInvite(InviteView Invite, string Token);

/// <summary>The invite could not be created or revoked; nothing changed.</summary>
public sealed class InviteRefusedException(string message) : ValidationFailedException(message);

/// <summary>The invite does not exist (another administrator's invites are visible to every administrator).</summary>
public sealed class InviteNotFoundException() : NotFoundException("That invite does not exist.");

/// <summary>Invites to register, for administrators only. Every change is in the administrator's activity log.</summary>
public interface IInviteBook
{
    RegistrationMode Mode { get; }

    Task<bool> IsAdministratorAsync(CancellationToken cancellationToken = default);

    /// <exception cref="InviteRefusedException">Not an administrator, registration not invite-only, or a bad lifetime or note.</exception>
    Task<CreatedInvite> CreateAsync(string? note, TimeSpan? lifetime = null, CancellationToken cancellationToken = default);

    /// <summary>Every invite, newest first, with who used it.</summary>
    Task<IReadOnlyList<InviteView>> ListAsync(CancellationToken cancellationToken = default);

    Task RevokeAsync(Guid inviteId, CancellationToken cancellationToken = default);
}

internal sealed class InviteBook(
    IDbContextFactory<BrokerConsoleDbContext> dbFactory,
    ConsoleAdministrators administrators,
    ICurrentUser currentUser,
    IOptions<RegistrationOptions> options,
    IAuditTrail audit,
    TimeProvider time) : IInviteBook
{
    public RegistrationMode Mode => options.Value.Mode;

    public async Task<CreatedInvite> CreateAsync(string? note, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var administratorId = await RequireAdministratorAsync(cancellationToken);
        if (options.Value.Mode != RegistrationMode.InviteOnly)
        {
            throw new InviteRefusedException(options.Value.Mode == RegistrationMode.Open
                ? "Registration is open (Identity:Registration = Open): anyone can register without an invite."
                : "Registration is closed (Identity:Registration = Closed): an invite would not let anyone in.");
        }

        var validFor = lifetime ?? options.Value.DefaultInviteLifetime;
        if (validFor <= TimeSpan.Zero || validFor > RegistrationOptions.LongestInviteLifetime)
        {
            throw new InviteRefusedException($"An invite lives between a minute and {RegistrationOptions.LongestInviteLifetime.TotalDays:0} days.");
        }

        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed?.Length > Invite.NoteLength)
        {
            throw new InviteRefusedException($"Keep the note under {Invite.NoteLength} characters.");
        }

        var token = InviteTokens.New();
        var now = time.GetUtcNow();
        var invite = new Invite
        {
            Id = Guid.NewGuid(),
            TokenHash = InviteTokens.Hash(token),
            CreatedById = administratorId,
            Note = trimmed,
            CreatedAt = now,
            ExpiresAt = now + validFor,
        };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Add(invite);
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.RecordAsync(administratorId, AuditAction.InviteCreated, $"Created an invite{(trimmed is null ? "" : $" ({trimmed})")}, valid until {invite.ExpiresAt:yyyy-MM-dd HH:mm} UTC", cancellationToken: cancellationToken);
        return new(new InviteView(invite.Id, invite.Note, invite.CreatedAt, invite.ExpiresAt, InviteState.Pending, null, null), token);
    }

    public async Task<IReadOnlyList<InviteView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await RequireAdministratorAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from i in db.Invites.AsNoTracking()
                          join u in db.Users.AsNoTracking() on i.UsedByUserId equals u.Id into used
                          from u in used.DefaultIfEmpty()
                          orderby i.CreatedAt descending
                          select new { Invite = i, UsedBy = u == null ? null : u.Email })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new InviteView(r.Invite.Id, r.Invite.Note, r.Invite.CreatedAt, r.Invite.ExpiresAt, r.Invite.StateAt(now), r.UsedBy, r.Invite.UsedAt))];
    }

    public async Task RevokeAsync(Guid inviteId, CancellationToken cancellationToken = default)
    {
        var administratorId = await RequireAdministratorAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revoked = await db.Invites.Where(i => i.Id == inviteId && i.UsedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.RevokedAt, now), cancellationToken);
        if (revoked == 0)
        {
            var exists = await db.Invites.AnyAsync(i => i.Id == inviteId, cancellationToken);
            throw exists ? new InviteRefusedException("That invite was used or revoked already.") : new InviteNotFoundException();
        }

        await audit.RecordAsync(administratorId, AuditAction.InviteRevoked, "Revoked an invite", cancellationToken: cancellationToken);
    }

    public async Task<bool> IsAdministratorAsync(CancellationToken cancellationToken = default) =>
        currentUser.UserId is { } userId && await administrators.IsAdministratorAsync(userId, cancellationToken);

    private async Task<string> RequireAdministratorAsync(CancellationToken cancellationToken)
    {
        var userId = currentUser.RequireUserId();
        return await administrators.IsAdministratorAsync(userId, cancellationToken)
            ? userId
            : throw new InviteRefusedException("Only an administrator manages invites.");
    }
}
