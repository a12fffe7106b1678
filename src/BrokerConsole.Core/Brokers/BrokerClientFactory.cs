namespace BrokerConsole.Core.Brokers;

/// <summary>Builds session-bound clients through the connection's broker module.</summary>
internal sealed class BrokerClientFactory(IBrokerModules modules) : IBrokerClientFactory
{
    public IBrokerClient Create(BrokerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return modules.For(connection.Broker).CreateClient(connection);
    }
}
