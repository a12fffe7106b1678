using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Core.Accounts;

/// <summary>
/// A broker account registered by one user. Only non-secret identifiers live on this row;
/// every secret is an encrypted <see cref="AccountSecret"/>.
/// </summary>
public sealed class BrokerAccount
{
    public Guid Id { get; set; }

    /// <summary>The Identity user who owns the account. Every query filters on it.</summary>
    public required string OwnerId { get; set; }

    public BrokerKind Broker { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>The broker's own user/client id (Zerodha user id, Dhan client id, Fyers id, Angel client code).</summary>
    public required string ClientId { get; set; }

    public AccountEnvironment Environment { get; set; }

    /// <summary>The public app identifier: Zerodha api_key, Fyers app id, Angel API key, Dhan app id.</summary>
    public string? ApiKey { get; set; }

    public string? RedirectUrl { get; set; }

    public string? PostbackUrl { get; set; }

    /// <summary>Where the account comes in the owner's "Log in all" pass; 0 = not placed yet (after the placed ones).</summary>
    public int LoginPosition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<AccountSecret> Secrets { get; set; } = [];
}

/// <summary>One encrypted secret of an account. <see cref="Ciphertext"/> is Data Protection output.</summary>
public sealed class AccountSecret
{
    public Guid AccountId { get; set; }

    public SecretKind Kind { get; set; }

    public required string Ciphertext { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
