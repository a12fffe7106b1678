namespace BrokerConsole.Core.Identity.Registration;

/// <summary>Who may create a BrokerConsole user (<c>Identity:Registration</c>).</summary>
public enum RegistrationMode
{
    /// <summary>Anyone who reaches the register page (the default in Development).</summary>
    Open = 1,

    /// <summary>Only with a single-use invite an administrator created (the default everywhere else).</summary>
    InviteOnly = 2,

    /// <summary>Nobody: the users there are are all there will be.</summary>
    Closed = 3,
}

/// <summary>
/// Registration and administration settings. Whatever the mode, the first user of a fresh install may register
/// (someone must) and becomes the administrator.
/// </summary>
public sealed class RegistrationOptions
{
    public RegistrationMode Mode { get; set; } = RegistrationMode.InviteOnly;

    /// <summary>E-mail addresses of the administrators (<c>Identity:Administrators</c>); empty means the first user.</summary>
    public IReadOnlyList<string> Administrators { get; set; } = [];

    /// <summary>How long a new invite stays usable unless the administrator picks another lifetime.</summary>
    public TimeSpan DefaultInviteLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest lifetime an invite may be given: an old link lying in a chat is a way in.</summary>
    public static readonly TimeSpan LongestInviteLifetime = TimeSpan.FromDays(30);
}
