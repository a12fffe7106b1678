using BrokerConsole.Core.Credentials;

namespace BrokerConsole.Core.Accounts;

/// <summary>What the UI shows of an account: identifiers and which secrets are stored, never their values.</summary>
public sealed record AccountSummary(
    Guid Id,
    BrokerKind Broker,
    string DisplayName,
    string ClientId,
    AccountEnvironment Environment,
    string? ApiKey,
    string? RedirectUrl,
    string? PostbackUrl,
    IReadOnlySet<SecretKind> StoredSecrets,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public string BrokerName => BrokerCatalog.For(Broker).Name;

    /// <summary>Dhan only: how the account logs in, derived from what is stored.</summary>
    public DhanLoginMode DhanLoginMode => DhanLoginModes.Of(StoredSecrets, ApiKey);


    internal static AccountSummary From(BrokerAccount account) => new(
        account.Id,
        account.Broker,
        account.DisplayName,
        account.ClientId,
        account.Environment,
        account.ApiKey,
        account.RedirectUrl,
        account.PostbackUrl,
        account.Secrets.Select(s => s.Kind).ToHashSet(),
        account.CreatedAt,
        account.UpdatedAt);
}
