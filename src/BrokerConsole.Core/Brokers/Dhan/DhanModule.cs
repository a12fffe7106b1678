using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Dhan;

/// <summary>Dhan (DhanHQ v2): three login modes (pasted token, key + secret consent popup, PIN + TOTP), security ids as symbols.</summary>
internal sealed class DhanModule(IServiceProvider services, IOptions<DhanOptions> options) : IBrokerModule, IBrokerModuleSetup
{
    // Dhan redirects to the URL registered for the key with only ?tokenId=… (reference §1.2 C step 2): no flag, no state.
    private static readonly PopupCallbackShape _callback = new("tokenId", null, null, LoginStateCarrier.Cookie);

    // Where the sandbox (Sandbox/ of the same name) serves this broker, for the clients' sandbox settings.
    private static readonly IReadOnlyList<SandboxRoute> _routes = [new($"{DhanOptions.SectionName}:{nameof(DhanOptions.SandboxApiRoot)}", "/dhan/v2"), new($"{DhanOptions.SectionName}:{nameof(DhanOptions.SandboxAuthRoot)}", "/dhan/auth")];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DhanOptions>().Bind(configuration.GetSection(DhanOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DhanOptions>, DhanOptionsValidator>());
        services.TryAddSingleton<DhanRateLimiter>();
        services.AddBrokerHttpClient<DhanTransport>(DhanTransport.HttpClientName);
        services.TryAddTransient<DhanAuth>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDirectBrokerLogin, DhanDirectLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPopupBrokerLogin, DhanConsentLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<CredentialChecks.ICredentialCheck, DhanCredentialCheck>());
        services.AddSandboxRoutes<DhanOptions>(configuration, DhanOptions.SectionName, _routes);
    }

    public IReadOnlyList<SandboxRoute> SandboxRoutes => _routes;

    public BrokerKind Kind => BrokerKind.Dhan;

    public string Slug => "dhan";

    public BrokerDescriptor Descriptor => BrokerCatalog.For(Kind);

    // Dhan has no logout endpoint: a token dies 24 hours after it was generated.
    public BrokerCapabilities Capabilities =>
        BrokerCapabilities.ModifyOrder | BrokerCapabilities.OrderHistory | BrokerCapabilities.TradeBook | BrokerCapabilities.LoginModeChoice;

    public PopupCallbackShape PopupCallback => _callback;

    public LoginRefusalAdvice RefusalAdvice { get; } = new()
    {
        PopupRefused = "Dhan refused the consent: check the API key and secret with Edit (the secret must belong to this key), then log in again.",
        RejectionMeansRefused = true,
    };

    public TimeSpan LongestRequestLife => options.Value.RateLimitMaxWait + options.Value.RequestTimeout;

    public BrokerLoginStyle LoginStyleFor(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) =>
        DhanLoginModes.Of(storedSecrets, apiKey) == DhanLoginMode.ApiKeyConsent ? BrokerLoginStyle.ConsentPopup : BrokerLoginStyle.DirectCredentials;

    public string? DirectLoginTitle(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => DhanLoginModes.Of(storedSecrets, apiKey) switch
    {
        DhanLoginMode.PinTotp => "Log in to Dhan on the server with the stored PIN and TOTP secret",
        DhanLoginMode.AccessToken => "Validate the stored Dhan access token and start a session",
        _ => null,
    };

    public string DirectRefusalHint(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) =>
        DhanLoginModes.Of(storedSecrets, apiKey) == DhanLoginMode.PinTotp
            ? "check the client id, 6-digit PIN and TOTP secret with Edit (and that this server's clock is right)."
            : "the access token is invalid or expired; generate a new one on web.dhan.co and paste it with Edit.";

    public IBrokerClient CreateClient(BrokerConnection connection) => new DhanClient(services.GetRequiredService<DhanTransport>(), connection);

    // Every Dhan token lives 24 hours, but the regulator's 06:00 IST flush may end it first: the earlier moment is kept.
    public DateTimeOffset SessionExpiresAt(DateTimeOffset loginTime) => SessionExpiryRules.NextDailyFlush(loginTime);

    public Instruments.IInstrumentMasterSource InstrumentMaster => new DhanInstrumentMaster(services, options.Value);

    // Dhan addresses instruments by security id (no instrument master is loaded), so "SBIN" would only fail when the
    // order is sent: a schedule checks this when it is saved, not at 15:10 when nobody is watching.
    public string? SymbolProblem(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        // With the instrument master loaded, a symbol the catalog maps to a Dhan security id is translated when sent.
        var catalog = services.GetService<Instruments.InstrumentCatalog>()?.Current;
        return symbol.Length > 0 && !symbol.All(char.IsAsciiDigit) && catalog?.KnowsSymbol(Kind, symbol) != true
            ? $"Dhan takes the security id as the symbol (e.g. 1333 for NSE:HDFCBANK), or a symbol of the loaded instrument master; '{symbol}' is neither (load the masters on the Instruments page)."
            : null;
    }
}
