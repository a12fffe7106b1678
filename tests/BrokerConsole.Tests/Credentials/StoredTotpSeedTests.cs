using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Credentials;

/// <summary>
/// A stored seed that no longer decodes (edited in the database, or saved before validation existed) is refused by the
/// server-side logins with the same sentence as before Otp.NET, before any broker is called.
/// </summary>
public sealed class StoredTotpSeedTests(TestApp app) : IClassFixture<TestApp>
{
    [Theory]
    [InlineData(BrokerKind.AngelOne)]
    [InlineData(BrokerKind.Dhan)]
    public async Task LogIn_with_a_stored_seed_that_is_not_base32_says_so(BrokerKind broker)
    {
        var login = app.Services.GetServices<IDirectBrokerLogin>().Single(l => l.Broker == broker);
        var credentials = new DirectLoginCredentials(AccountEnvironment.Sandbox, "DA1001", "angeldemo01")
        {
            Mpin = broker == BrokerKind.Dhan ? "246810" : "1234",
            TotpSecret = "not base32!",
        };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => login.LogInAsync(credentials, CancellationToken.None));

        Assert.StartsWith("The stored TOTP secret is not valid Base32.", refused.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(refused.InnerException);
    }
}
