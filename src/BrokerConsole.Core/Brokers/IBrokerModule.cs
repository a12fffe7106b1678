using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Brokers;

/// <summary>
/// Everything the app knows about one broker, in one place: the rest of the app asks the module instead of switching
/// on <see cref="BrokerKind"/>. One implementation per broker in <c>Core/Brokers/&lt;Name&gt;/</c>, registered with
/// <see cref="BrokerModuleRegistration.AddBroker{TModule}"/>; found by kind through <see cref="IBrokerModules"/>.
/// Login strategies (<see cref="IPopupBrokerLogin"/>, <see cref="IDirectBrokerLogin"/>, <see cref="IBrokerSessionRenewer"/>)
/// are registered by the module and found by their own <c>Broker</c>.
/// </summary>
public interface IBrokerModule
{
    BrokerKind Kind { get; }

    /// <summary>The broker's segment in our URLs: <c>/connect/{slug}/start</c> and <c>/connect/{slug}/callback</c>.</summary>
    string Slug { get; }

    /// <summary>The account form's description of the broker (names, fields, help, links).</summary>
    BrokerDescriptor Descriptor { get; }

    BrokerCapabilities Capabilities { get; }

    /// <summary>How the broker's popup redirect is read; null for a broker that never logs in through a popup.</summary>
    PopupCallbackShape? PopupCallback { get; }

    /// <summary>The words for a login the broker refused, and which refusals mean the stored credentials are wrong.</summary>
    LoginRefusalAdvice RefusalAdvice { get; }

    /// <summary>
    /// The longest a request can take to leave (local rate-limit wait) plus the longest the client waits for its answer:
    /// the base of the rule that an order that may have left is never re-sent before it can no longer arrive.
    /// </summary>
    TimeSpan LongestRequestLife { get; }

    bool Has(BrokerCapabilities capability) => (Capabilities & capability) == capability;

    /// <summary>How an account with these stored secrets (and API key) logs in.</summary>
    BrokerLoginStyle LoginStyleFor(IReadOnlySet<SecretKind> storedSecrets, string? apiKey);

    /// <summary>What a server-side login button says it will do; null for a broker without one.</summary>
    string? DirectLoginTitle(IReadOnlySet<SecretKind> storedSecrets, string? apiKey);

    /// <summary>What to check when the broker refused a server-side login with these stored secrets.</summary>
    string DirectRefusalHint(IReadOnlySet<SecretKind> storedSecrets, string? apiKey);

    /// <summary>A client bound to one live session.</summary>
    /// <exception cref="InvalidOperationException">The environment has no configured API root.</exception>
    IBrokerClient CreateClient(BrokerConnection connection);

    /// <summary>When the broker ends a session made at <paramref name="loginTime"/> by its clock rule (the earliest documented moment).</summary>
    DateTimeOffset SessionExpiresAt(DateTimeOffset loginTime);

    /// <summary>Why <paramref name="symbol"/> cannot be sent to this broker, or null when it can.</summary>
    string? SymbolProblem(string symbol);

    /// <summary>The settings that point this broker's client into the built-in sandbox, and where each answers there.</summary>
    IReadOnlyList<SandboxRoute> SandboxRoutes { get; }

    /// <summary>The broker's published instrument master (its URL, format and units); null for a broker without one.</summary>
    Instruments.IInstrumentMasterSource? InstrumentMaster => null;
}

/// <summary>The words for a refused login, per broker.</summary>
public sealed record LoginRefusalAdvice
{
    /// <summary>Shown when the broker refused the popup's one-time code or the app secret.</summary>
    public string PopupRefused { get; init; } = "";

    /// <summary>Words for the refusal from the broker's own message, when they depend on it (Kite: checksum or spent token); else <see cref="PopupRefused"/>.</summary>
    public Func<string?, string>? DescribePopupRefusal { get; init; }

    /// <summary>What to show for a popup exchange the broker refused.</summary>
    public string PopupRefusal(BrokerApiException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return DescribePopupRefusal?.Invoke(ex.BrokerMessage) ?? PopupRefused;
    }

    /// <summary>Whether a plain rejection of the exchange (not only an expiry error) means the secret or code was refused.</summary>
    public bool RejectionMeansRefused { get; init; }

    /// <summary>The broker's error code for "the TOTP was wrong" on a server-side login (Angel One <c>AB1050</c>); null when it has none.</summary>
    public string? TotpRefusalCode { get; init; }

    /// <summary>Whether <paramref name="ex"/>, thrown by a popup code exchange, means the broker refused the code or secret.</summary>
    public bool IsPopupRefusal(BrokerApiException ex) =>
        ex is SessionExpiredException || (RejectionMeansRefused && ex is BrokerRejectedException);

    /// <summary>Whether <paramref name="ex"/> is the broker saying exactly that the TOTP was wrong.</summary>
    public bool IsTotpRefusal(BrokerApiException ex) =>
        TotpRefusalCode is not null && string.Equals(ex.ErrorCode, TotpRefusalCode, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The module's own service registrations (options, typed HttpClient, rate limiter, login strategies), kept apart from
/// <see cref="IBrokerModule"/> because an interface with static abstract members cannot be a service type.
/// </summary>
public interface IBrokerModuleSetup
{
    static abstract void AddServices(IServiceCollection services, IConfiguration configuration);
}
