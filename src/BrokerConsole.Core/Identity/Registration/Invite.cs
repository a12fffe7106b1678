using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BrokerConsole.Core.Identity.Registration;

/// <summary>
/// A single-use permission to register, created by an administrator. Only the SHA-256 of its token is stored: the
/// link is shown once, to its creator, and a copy of the database lets nobody in.
/// </summary>
public sealed class Invite
{
    public const int NoteLength = 100;

    public Guid Id { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token in the link.</summary>
    public required string TokenHash { get; set; }

    public required string CreatedById { get; set; }

    /// <summary>The administrator's reminder of whom it is for; shown to administrators only.</summary>
    public string? Note { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public string? UsedByUserId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public InviteState StateAt(DateTimeOffset now) => this switch
    {
        { UsedAt: not null } => InviteState.Used,
        { RevokedAt: not null } => InviteState.Revoked,
        _ when ExpiresAt <= now => InviteState.Expired,
        _ => InviteState.Pending,
    };
}

public enum InviteState
{
    Pending = 1,
    Used = 2,
    Expired = 3,
    Revoked = 4,
}

internal sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.Property(i => i.CreatedById).HasMaxLength(450);
        builder.Property(i => i.UsedByUserId).HasMaxLength(450);
        builder.Property(i => i.Note).HasMaxLength(Invite.NoteLength);
    }
}
