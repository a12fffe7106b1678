using BrokerConsole.Core.Errors;

namespace BrokerConsole.Core.Accounts;

/// <summary>
/// The account does not exist or belongs to someone else. The two cases are deliberately the same,
/// so a user cannot probe for other users' account ids.
/// </summary>
public sealed class AccountNotFoundException(Guid accountId)
    : NotFoundException("That account does not exist, or it is not yours.")
{
    public Guid AccountId { get; } = accountId;
}

/// <summary>The draft broke one or more field rules; nothing was saved.</summary>
public sealed class AccountValidationException(AccountValidationResult result)
    : ValidationFailedException("The account has invalid fields: " + string.Join(" ", result.Errors.SelectMany(e => e.Value)))
{
    public AccountValidationResult Result { get; } = result;
}
