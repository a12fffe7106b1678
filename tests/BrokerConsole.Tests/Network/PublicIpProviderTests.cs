using System.Diagnostics;
using BrokerConsole.Core.Network;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Network;

public sealed class PublicIpProviderTests
{
    private static async Task<PublicIpInfo> LookUpAsync(IDictionary<string, string?> settings)
    {
        var recipe = AppFixture.Create();
        foreach (var (key, value) in settings)
        {
            recipe.WithSetting(key, value);
        }

        await using var app = recipe.Build();
        return await app.Services.GetRequiredService<IPublicIpProvider>().GetAsync();
    }

    [Fact]
    public async Task GetAsync_configured_ip_wins_without_a_lookup()
    {
        var info = await LookUpAsync(new Dictionary<string, string?>
        {
            ["Network:PublicIp"] = "203.0.113.50",
            ["Network:PublicIpLookupUrl"] = "http://127.0.0.1:9/",
        });

        Assert.Equal(new PublicIpInfo("203.0.113.50", PublicIpSource.Configured, null), info);
    }

    [Fact]
    public async Task GetAsync_unreachable_lookup_fails_fast_to_unknown()
    {
        var watch = Stopwatch.StartNew();
        var info = await LookUpAsync(new Dictionary<string, string?>
        {
            // TEST-NET-1 is never routed: the lookup can only end by its own timeout.
            ["Network:PublicIpLookupUrl"] = "http://192.0.2.1/",
            ["Network:LookupTimeout"] = "00:00:00.500",
        });

        Assert.Null(info.Ip);
        Assert.Equal(PublicIpSource.Unknown, info.Source);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
