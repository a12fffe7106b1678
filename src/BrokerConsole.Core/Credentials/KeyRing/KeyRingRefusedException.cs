using BrokerConsole.Core.Errors;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>The start-up check found a key ring that cannot read the stored data; the message tells the operator what to do.</summary>
public sealed class KeyRingRefusedException(string message) : BrokerConsoleException(message);
