using System.Collections.Frozen;
using BrokerConsole.Core.Accounts;

namespace BrokerConsole.Core.Brokers;

/// <summary>The registered broker modules, by kind or by URL slug.</summary>
public interface IBrokerModules
{
    IReadOnlyCollection<IBrokerModule> All { get; }

    /// <exception cref="NotSupportedException">No module is registered for <paramref name="broker"/>.</exception>
    IBrokerModule For(BrokerKind broker);

    /// <summary>The module whose <see cref="IBrokerModule.Slug"/> is <paramref name="slug"/>, or null.</summary>
    IBrokerModule? FindBySlug(string? slug);

    /// <summary>Whether connecting <paramref name="account"/> opens the broker's page in a popup (an OAuth or consent login).</summary>
    bool LogsInWithPopup(AccountSummary account) =>
        For(account.Broker).LoginStyleFor(account.StoredSecrets, account.ApiKey) is not BrokerLoginStyle.DirectCredentials;
}

internal sealed class BrokerModules : IBrokerModules
{
    private readonly FrozenDictionary<BrokerKind, IBrokerModule> _byKind;
    private readonly FrozenDictionary<string, IBrokerModule> _bySlug;

    public BrokerModules(IEnumerable<IBrokerModule> modules)
    {
        var list = modules.ToList();
        _byKind = list.ToFrozenDictionary(m => m.Kind);
        _bySlug = list.ToFrozenDictionary(m => m.Slug, StringComparer.OrdinalIgnoreCase);
        All = list;
    }

    public IReadOnlyCollection<IBrokerModule> All { get; }

    public IBrokerModule For(BrokerKind broker) =>
        _byKind.TryGetValue(broker, out var module)
            ? module
            : throw new NotSupportedException($"{BrokerApiException.BrokerName(broker)} is not supported yet.");

    public IBrokerModule? FindBySlug(string? slug) =>
        slug is not null && _bySlug.TryGetValue(slug, out var module) ? module : null;
}
