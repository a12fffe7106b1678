using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers.AngelOne;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Fyers;
using BrokerConsole.Core.Brokers.Zerodha;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Brokers;

/// <summary>Builds session-bound clients over the per-broker typed HttpClients.</summary>
internal sealed class BrokerClientFactory(IServiceProvider services) : IBrokerClientFactory
{
    public IBrokerClient Create(BrokerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Broker switch
        {
            BrokerKind.Zerodha => new KiteClient(services.GetRequiredService<KiteTransport>(), connection),
            BrokerKind.AngelOne => new AngelClient(services.GetRequiredService<AngelTransport>(), services.GetRequiredService<AngelSymbolCache>(), connection),
            BrokerKind.Fyers => new FyersClient(services.GetRequiredService<FyersTransport>(), connection),
            BrokerKind.Dhan => new DhanClient(services.GetRequiredService<DhanTransport>(), connection),
            _ => throw new NotSupportedException($"{BrokerApiException.BrokerName(connection.Broker)} is not supported yet."),
        };
    }
}
