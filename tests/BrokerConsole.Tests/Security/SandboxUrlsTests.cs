using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Brokers.Dhan;
using BrokerConsole.Core.Brokers.Zerodha;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Connect;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Tests.Security;

/// <summary>
/// Issue #17 §8: the in-process sandbox's URLs were filled in from the server's listening addresses the first time
/// anything read the broker options. A session sweep at start-up (stored sessions) read them before Kestrel listened,
/// and every sandbox login answered "Sandbox accounts need Brokers:Zerodha:SandboxLoginUrl" until the next restart.
/// </summary>
public sealed class SandboxUrlsTests
{
    /// <summary>A server before it listens: its address list is still empty.</summary>
    private sealed class NotYetListening : IServer
    {
        public NotYetListening() => Features.Set<IServerAddressesFeature>(new ServerAddressesFeature());

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Options_read_before_the_server_listens_point_at_the_configured_address()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://+:5987" }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IServer, NotYetListening>()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(Options.Create(new SandboxOptions { Enabled = true }))
            .AddLogging()
            .AddBrokerClients(configuration)
            .AddSingleton<ISandboxAddress, SandboxAddress>()
            .BuildServiceProvider();

        // The modules' own routes, filled below the address the server will listen on.
        var zerodha = services.GetRequiredService<IOptions<ZerodhaOptions>>().Value;
        var dhan = services.GetRequiredService<IOptions<DhanOptions>>().Value;

        Assert.Equal(new Uri("http://localhost:5987/sandbox/kite/connect/login"), zerodha.SandboxLoginUrl);
        Assert.Equal(new Uri("http://localhost:5987/sandbox/kite"), zerodha.SandboxApiRoot);
        Assert.Equal(new Uri("http://localhost:5987/sandbox/dhan/auth"), dhan.SandboxAuthRoot);
    }

    [Fact]
    public async Task A_restart_with_a_logged_in_sandbox_account_connects_again()
    {
        var data = TestApp.NewDataDirectory();
        const string email = "restart@example.com";
        const string password = "restart-2026-ok";
        Guid accountId;
        try
        {
            await using (var seed = AppFixture.Create().WithDataDirectory(data).Build())
            {
                var userId = await seed.CreateUserAsync(email, password);
                await using var scope = seed.ScopeFor(userId, email);
                accountId = (await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(new AccountDraft
                {
                    Broker = BrokerKind.Zerodha,
                    DisplayName = "Restart desk",
                    ClientId = SandboxDemo.UserA,
                    Environment = AccountEnvironment.Sandbox,
                    ApiKey = SandboxDemo.ApiKey,
                    ApiSecret = SandboxDemo.ApiSecret,
                    RedirectUrl = "http://localhost:5080/connect/zerodha/callback",
                })).Id;
            }

            await using (var first = await RunningApp.StartAsync(SandboxDemo.EnvironmentFor, data))
            {
                using var browser = new ConsoleHttp(first.BaseUrl);
                await browser.SignInAsync(email, password);
                Assert.Contains("Connected", await browser.ConnectZerodhaAsync(accountId, SandboxDemo.UserA), StringComparison.Ordinal);
            }

            // The restart finds a stored session: the start-up sweep reads the Kite options before Kestrel listens.
            await using var second = await RunningApp.StartAsync(SandboxDemo.EnvironmentFor, data);
            using var again = new ConsoleHttp(second.BaseUrl);
            await again.SignInAsync(email, password);
            var page = await again.ConnectZerodhaAsync(accountId, SandboxDemo.UserA);
            Assert.Contains("Connected", page, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, "security-restart-app.log"), second.Output);
            Assert.DoesNotContain("Sandbox accounts need", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            TestFolders.Delete(data);
        }
    }
}
