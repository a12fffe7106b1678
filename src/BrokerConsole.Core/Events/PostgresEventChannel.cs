using Npgsql;

namespace BrokerConsole.Core.Events;

/// <summary>
/// The one notification channel the nodes of a database share, how to reach it, and this process's origin id: a fresh
/// id per process rather than <c>Node:Name</c>, so two nodes misconfigured with one name still never mistake each
/// other's events for their own echo.
/// </summary>
internal sealed class PostgresEventChannel(string connectionString)
{
    /// <summary>The channel name (an identifier: lower case, no quoting needed).</summary>
    public const string Name = "brokerconsole_user_events";

    public Guid Origin { get; } = Guid.NewGuid();

    /// <summary>A pooled connection for sending (shared with EF's pool: a NOTIFY is one short statement).</summary>
    public NpgsqlConnection Connect() => new(connectionString);

    /// <summary>
    /// The listening connection: outside the pool (a LISTEN must not be handed back to other code) and with TCP
    /// keepalive, so a connection that silently died (a firewall, a failed-over server) is noticed and replaced.
    /// </summary>
    public NpgsqlConnection ConnectListener() => new(new NpgsqlConnectionStringBuilder(connectionString)
    {
        Pooling = false,
        KeepAlive = 15,
        TcpKeepAlive = true,
        ApplicationName = "brokerconsole-events",
    }.ConnectionString);
}
