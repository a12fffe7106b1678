using BrokerConsole.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace BrokerConsole.Web.Identity;

/// <summary>
/// Spends on a sign-in that cannot succeed (no such e-mail, or an account already locked) the same password-hash
/// work a real check does, so the answer's timing does not tell whether an e-mail is registered or locked. Identity
/// itself returns at once in both cases. Singleton: the dummy hash is made once.
/// </summary>
public sealed class DummyPasswordCheck
{
    private static readonly ApplicationUser _nobody = new() { UserName = "nobody" };
    private string? _hash;

    /// <summary>Verifies <paramref name="password"/> with <paramref name="hasher"/> against a hash no password matches; the result is ignored.</summary>
    public void Spend(IPasswordHasher<ApplicationUser> hasher, string password)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        // A race makes two hashes once; either one serves.
        var hash = _hash ??= hasher.HashPassword(_nobody, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(_nobody, hash, password);
    }
}
