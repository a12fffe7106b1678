namespace BrokerConsole.Core.Orders;

/// <summary>
/// How a run item's send claims its tag. The claim is part of the intent's transaction (the intent saved, the item marked
/// Sending): one durable write before the request leaves, and no executor sends an item another one already has.
/// </summary>
public enum TagClaim
{
    /// <summary>
    /// The item was never sent: its run item must still be Pending and its tag new. An executor that finds otherwise
    /// (another node sharing the database took the run too) gets <see cref="TagClaimedElsewhereException"/> and sends nothing.
    /// </summary>
    FirstSend,

    /// <summary>The item may have left before a restart and its tag was settled as safe to send again: its intent is reused.</summary>
    Resend,
}

/// <summary>Another executor claimed this run item first: it sends the order and records the outcome; nothing was sent here.</summary>
public sealed class TagClaimedElsewhereException(string tag)
    : InvalidOperationException($"Tag {tag} was claimed by another executor; nothing was sent by this one.")
{
    public string Tag { get; } = tag;
}
