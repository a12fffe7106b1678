namespace BrokerConsole.Core.Errors;

/// <summary>
/// The root of every exception BrokerConsole raises on purpose. Its message is written for the person reading it (what
/// happened, what to do) and never carries a secret, so a page or the API may show it as it is. Anything else that
/// escapes a service is a bug and is answered with a generic error.
/// </summary>
public abstract class BrokerConsoleException : Exception
{
    protected BrokerConsoleException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>The thing asked for does not exist, or belongs to another user: deliberately the same answer.</summary>
public abstract class NotFoundException(string message) : BrokerConsoleException(message);

/// <summary>The input broke a rule; nothing was saved and nothing was sent to a broker.</summary>
public abstract class ValidationFailedException(string message) : BrokerConsoleException(message);
