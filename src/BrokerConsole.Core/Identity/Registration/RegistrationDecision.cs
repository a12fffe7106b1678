namespace BrokerConsole.Core.Identity.Registration;

/// <summary>Why a visitor may, or may not, register right now.</summary>
public enum RegistrationPath
{
    /// <summary>Registration is open to anyone.</summary>
    Open = 1,

    /// <summary>Nobody is registered yet: this user will administer the install.</summary>
    FirstUser = 2,

    /// <summary>A pending invite lets this visitor in once.</summary>
    Invite = 3,

    /// <summary>Refused; <see cref="RegistrationDecision.Message"/> says why without saying who is registered.</summary>
    Refused = 4,
}

public sealed record RegistrationDecision(RegistrationPath Path, string Message)
{
    public bool Allowed => Path != RegistrationPath.Refused;

    public static readonly RegistrationDecision Open = new(RegistrationPath.Open, "");

    public static readonly RegistrationDecision FirstUser = new(RegistrationPath.FirstUser,
        "Nobody uses this BrokerConsole yet: the account you create now administers it (it can invite others).");

    public static readonly RegistrationDecision Invited = new(RegistrationPath.Invite, "Your invite lets you create one account.");

    public static readonly RegistrationDecision NeedsInvite = new(RegistrationPath.Refused,
        "This BrokerConsole is by invitation only. Ask its administrator for an invite link.");

    public static readonly RegistrationDecision InviteNotValid = new(RegistrationPath.Refused,
        "This invite link cannot be used: it was used already, revoked, has expired or is incomplete. Ask its administrator for a new one.");

    public static readonly RegistrationDecision Closed = new(RegistrationPath.Refused,
        "This BrokerConsole does not take new users. Ask its administrator if you need an account.");
}

/// <summary>The outcome of a registration: the new user, or the reasons there is none (nothing was created then).</summary>
public sealed record RegistrationResult(ApplicationUser? User, RegistrationDecision Decision, IReadOnlyList<string> Errors)
{
    public bool Succeeded => User is not null;
}
