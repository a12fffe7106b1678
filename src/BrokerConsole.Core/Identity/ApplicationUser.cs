using Microsoft.AspNetCore.Identity;

namespace BrokerConsole.Core.Identity;

/// <summary>A person who signs in to BrokerConsole. Owns broker accounts.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }
}
