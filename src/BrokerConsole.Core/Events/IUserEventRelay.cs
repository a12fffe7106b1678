namespace BrokerConsole.Core.Events;

/// <summary>
/// Carries a user's events to the other nodes serving the same database, so a tab connected to node B sees what
/// happened on node A (a login completed, an order update, a run's progress). Registered only when there can be other
/// nodes (PostgreSQL); <see cref="UserEventHub{TEvent}"/> calls it for every event it publishes.
/// </summary>
public interface IUserEventRelay
{
    /// <summary>Queues the event for the other nodes and returns at once; never throws for a database problem.</summary>
    void Forward<TEvent>(string ownerId, TEvent change)
        where TEvent : notnull;
}
