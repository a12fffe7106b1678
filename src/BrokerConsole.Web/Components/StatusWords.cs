using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Web.Components;

/// <summary>Statuses of the console's own records in words a trader reads; never an enum name such as NotPlaced or LoggedOut.</summary>
internal static class StatusWords
{
    public static string Placement(OrderIntentStatus status) => status switch
    {
        OrderIntentStatus.Sending => "Sending",
        OrderIntentStatus.Placed => "Placed",
        OrderIntentStatus.NotPlaced => "Not placed",
        _ => "Unknown",
    };

    public static string Session(SessionStatus status) => status switch
    {
        SessionStatus.Active => "Active",
        SessionStatus.Expired => "Expired",
        SessionStatus.LoggedOut => "Logged out",
        SessionStatus.Replaced => "Replaced",
        _ => "Unknown",
    };
}
