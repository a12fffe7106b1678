using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Brokers.Zerodha;

/// <summary>Zerodha (Kite Connect): a popup login every trading day, postbacks, the cheapest batched quotes.</summary>
internal sealed class ZerodhaModule(IServiceProvider services, IOptions<ZerodhaOptions> options) : IBrokerModule, IBrokerModuleSetup
{
    /// <summary>For the Kite-only parts that live outside this folder (the postback receiver).</summary>
    public const BrokerKind Broker = BrokerKind.Zerodha;

    // Kite redirects with ?status=success&request_token=…&state=… (state from redirect_params).
    private static readonly PopupCallbackShape _callback = new("request_token", "status", "success", LoginStateCarrier.Query);

    // Where the sandbox (Sandbox/ of the same name) serves this broker, for the clients' sandbox settings.
    private static readonly IReadOnlyList<SandboxRoute> _routes = [new($"{ZerodhaOptions.SectionName}:{nameof(ZerodhaOptions.SandboxApiRoot)}", "/kite"), new($"{ZerodhaOptions.SectionName}:{nameof(ZerodhaOptions.SandboxLoginUrl)}", "/kite/connect/login")];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ZerodhaOptions>().Bind(configuration.GetSection(ZerodhaOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZerodhaOptions>, ZerodhaOptionsValidator>());
        services.TryAddSingleton<KiteRateLimiter>();
        services.TryAddSingleton<KiteOrderCaps>();
        services.AddTransient<KiteAuthHandler>();
        services.AddBrokerHttpClient<KiteTransport>(KiteTransport.HttpClientName).AddHttpMessageHandler<KiteAuthHandler>();
        services.TryAddTransient<IKiteSessionExchanger, KiteSessionExchanger>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IPopupBrokerLogin, ZerodhaPopupLogin>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<CredentialChecks.ICredentialCheck, ZerodhaCredentialCheck>());
        services.AddSandboxRoutes<ZerodhaOptions>(configuration, ZerodhaOptions.SectionName, _routes);
    }

    public IReadOnlyList<SandboxRoute> SandboxRoutes => _routes;

    public BrokerKind Kind => Broker;

    public string Slug => "zerodha";

    public BrokerDescriptor Descriptor => BrokerCatalog.For(Kind);

    public BrokerCapabilities Capabilities =>
        BrokerCapabilities.ModifyOrder | BrokerCapabilities.OrderHistory | BrokerCapabilities.TradeBook | BrokerCapabilities.Postbacks
        | BrokerCapabilities.Logout | BrokerCapabilities.LoginCodeBesidePopup | BrokerCapabilities.BatchQuotes
        | BrokerCapabilities.MarketProtection;

    public PopupCallbackShape PopupCallback => _callback;

    // Kite refuses a bad checksum (wrong secret) or a stale request token as TokenException, read as an expiry.
    public LoginRefusalAdvice RefusalAdvice { get; } = new()
    {
        PopupRefused = "Zerodha refused to create the session: the API secret stored for this account does not match the API key, or the login took too long. Check the secret with Edit, then log in again.",
        DescribePopupRefusal = KiteLoginRefusal.Describe,
    };

    public TimeSpan LongestRequestLife => options.Value.RateLimitMaxWait + options.Value.RequestTimeout;

    public BrokerLoginStyle LoginStyleFor(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => BrokerLoginStyle.PopupOAuth;

    public string? DirectLoginTitle(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => null;

    public string DirectRefusalHint(IReadOnlySet<SecretKind> storedSecrets, string? apiKey) => "log in through Kite's page instead.";

    public IBrokerClient CreateClient(BrokerConnection connection) => new KiteClient(services.GetRequiredService<KiteTransport>(), connection);

    // Kite flushes every API session at 06:00 IST for the regulator.
    public DateTimeOffset SessionExpiresAt(DateTimeOffset loginTime) => SessionExpiryRules.NextDailyFlush(loginTime);

    public Instruments.IInstrumentMasterSource InstrumentMaster => new KiteInstrumentMaster(services, options.Value);

    public string? SymbolProblem(string symbol) => null;
}
