using System.Reflection;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Zerodha;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Brokers.Zerodha;

public sealed class KiteConventionTests
{
    private static readonly string[] _publicKiteTypes = ["KiteClient", "KiteChecksum", "KiteErrorMap", "IKiteSessionExchanger"];

    [Fact]
    public void WireTypes_in_zerodha_namespace_are_not_visible_outside_core()
    {
        var leaked = typeof(KiteClient).Assembly.GetTypes()
            .Where(t => t.Namespace == "BrokerConsole.Core.Brokers.Zerodha" && t.IsVisible)
            .Select(t => t.Name)
            .Where(n => n.StartsWith("Kite", StringComparison.Ordinal) && !_publicKiteTypes.Contains(n))
            .ToList();

        Assert.Empty(leaked);
    }

    [Fact]
    public void PublicBrokerRecords_have_no_public_mutable_setters()
    {
        var mutable = typeof(IBrokerClient).Assembly.GetTypes()
            .Where(t => t.Namespace == "BrokerConsole.Core.Brokers" && t.IsVisible && !t.IsSubclassOf(typeof(Exception)))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.SetMethod is { IsPublic: true } setter
                && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)))
            .Select(p => p.DeclaringType!.Name + "." + p.Name)
            .ToList();

        Assert.Empty(mutable);
    }

    [Fact]
    public void ToString_connection_and_grant_never_print_tokens()
    {
        var connection = new BrokerConnection(BrokerKind.Zerodha, AccountEnvironment.Live, "key123", "CANARYconn");
        var grant = new SessionGrant { BrokerKind = BrokerKind.Zerodha, AccessToken = "CANARYgrant", UserId = "AB1234", PublicToken = "CANARYpublic" };

        Assert.DoesNotContain("CANARY", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_defaults_are_the_documented_kite_hosts()
    {
        var options = new ZerodhaOptions();

        Assert.Equal("https://api.kite.trade/", options.ApiRoot.AbsoluteUri);
        Assert.Equal("https://kite.zerodha.com/connect/login", options.LoginUrl.AbsoluteUri);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal(1, options.QuoteRequestsPerSecond);
        Assert.Equal(10, options.OrderRequestsPerSecond);
        Assert.Equal(10, options.OtherRequestsPerSecond);
    }

    [Theory]
    [InlineData("Brokers:Zerodha:ApiRoot", "/relative")]
    [InlineData("Brokers:Zerodha:SandboxApiRoot", "ftp://example.com")]
    [InlineData("Brokers:Zerodha:RequestTimeout", "00:00:00")]
    [InlineData("Brokers:Zerodha:QuoteRequestsPerSecond", "0")]
    public void Options_invalid_value_fails_validation(string key, string value)
    {
        var services = new ServiceCollection();
        services.AddBrokerClients(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ZerodhaOptions>>().Value);
    }

    [Fact]
    public void Factory_unsupported_broker_throws_not_supported()
    {
        using var host = new KiteTestHost();
        var factory = host.Services.GetRequiredService<IBrokerClientFactory>();

        // Every named broker has a client now; only a value outside the enum is unsupported.
        Assert.Throws<NotSupportedException>(() => factory.Create(new BrokerConnection((BrokerKind)99, AccountEnvironment.Live, "k", "t")));
    }

    [Theory]
    [InlineData(BrokerKind.Zerodha, "KiteClient")]
    [InlineData(BrokerKind.AngelOne, "AngelClient")]
    [InlineData(BrokerKind.Fyers, "FyersClient")]
    [InlineData(BrokerKind.Dhan, "DhanClient")]
    public void Factory_creates_each_brokers_client(BrokerKind broker, string typeName)
    {
        using var host = new KiteTestHost(new Dictionary<string, string?>());
        var client = host.Services.GetRequiredService<IBrokerClientFactory>().Create(new BrokerConnection(broker, AccountEnvironment.Live, "k", "t") { ClientId = "C1" });

        Assert.Equal(typeName, client.GetType().Name);
        Assert.Equal(broker, client.Broker);
    }
}
