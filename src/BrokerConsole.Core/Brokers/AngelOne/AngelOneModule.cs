using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.AngelOne;

/// <summary>Angel One (SmartAPI): a server-side login with MPIN + TOTP, renewed with the refresh token (ADR 0007).</summary>
internal sealed class AngelOneModule(IServiceProvider services, IOptions<AngelOneOptions> options) : IBrokerModule, IBrokerModuleSetup
{
    /// <summary>The shortest documented lifetime of a SmartAPI JWT.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    // Where the sandbox (Sandbox/ of the same name) serves this broker, for the clients' sandbox settings.
    private static readonly IReadOnlyList<SandboxRoute> _routes = [new($"{AngelOneOptions.SectionName}:{nameof(AngelOneOptions.SandboxApiRoot)}", "/angel")];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AngelOneOptions>().Bind(configuration.GetSection(AngelOneOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AngelOneOptions>, AngelOneOptionsValidator>());
        services.TryAddSingleton<AngelRateLimiter>();
        services.TryAddSingleton<AngelSymbolCache>();
        services.AddBrokerHttpClient<AngelTransport>(AngelTransport.HttpClientName);
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDirectBrokerLogin, AngelOneLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IBrokerSessionRenewer, AngelSessionRenewer>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<CredentialChecks.ICredentialCheck, AngelOneCredentialCheck>());
        services.AddSandboxRoutes<AngelOneOptions>(configuration, AngelOneOptions.SectionName, _routes);
    }

    public IReadOnlyList<SandboxRoute> SandboxRoutes => _routes;

    public BrokerKind Kind => BrokerKind.AngelOne;

    public string Slug => "angelone";

    public BrokerDescriptor Descriptor => BrokerCatalog.For(Kind);

    public BrokerCapabilities Capabilities =>
        BrokerCapabilities.ModifyOrder | BrokerCapabilities.OrderHistory | BrokerCapabilities.OrderHistoryIsCurrentRecord
        | BrokerCapabilities.TradeBook | BrokerCapabilities.SessionRenewal | BrokerCapabilities.Logout;

    public PopupCallbackShape? PopupCallback => null;

    // AB1050 is SmartAPI's "Invalid totp" (reference, Angel One error codes).
    public LoginRefusalAdvice RefusalAdvice { get; } = new() { TotpRefusalCode = "AB1050" };

    public TimeSpan LongestRequestLife => options.Value.RateLimitMaxWait + options.Value.RequestTimeout;

    public BrokerLoginStyle LoginStyleFor(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => BrokerLoginStyle.DirectCredentials;

    public string? DirectLoginTitle(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) =>
        "Log in to Angel One on the server with the stored MPIN and TOTP secret";

    public string DirectRefusalHint(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) =>
        "check the client code, MPIN and TOTP secret with Edit (and that this server's clock is right).";

    public IBrokerClient CreateClient(BrokerConnection connection) =>
        new AngelClient(services.GetRequiredService<AngelTransport>(), services.GetRequiredService<AngelSymbolCache>(), connection);

    // Angel announced "a fresh token is valid for 24-28 hours" (reference §3.5); the lower bound is used when the
    // token's own exp claim is unreadable, so warnings are never late.
    public DateTimeOffset SessionExpiresAt(DateTimeOffset loginTime) => loginTime + TokenLifetime;

    public Instruments.IInstrumentMasterSource InstrumentMaster => new AngelInstrumentMaster(services, options.Value);

    public string? SymbolProblem(string symbol) => null;
}
