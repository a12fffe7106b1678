using System.Diagnostics;
using BrokerConsole.Core.Network;
using BrokerConsole.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Network;

public sealed class PublicIpProviderTests
{
    private static async Task<PublicIpInfo> LookUpAsync(IDictionary<string, string?> settings) => (await TimedLookUpAsync(settings)).Info;

    /// <summary>The lookup and how long it alone took: the app starts first, so a slow start under load is not counted.</summary>
    private static async Task<(PublicIpInfo Info, TimeSpan Took)> TimedLookUpAsync(IDictionary<string, string?> settings)
    {
        var recipe = AppFixture.Create();
        foreach (var (key, value) in settings)
        {
            recipe.WithSetting(key, value);
        }

        await using var app = recipe.Build();
        var provider = app.Services.GetRequiredService<IPublicIpProvider>();
        var watch = Stopwatch.StartNew();
        var info = await provider.GetAsync();
        return (info, watch.Elapsed);
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
        var (info, took) = await TimedLookUpAsync(new Dictionary<string, string?>
        {
            // TEST-NET-1 is never routed: the lookup can only end by its own timeout.
            ["Network:PublicIpLookupUrl"] = "http://192.0.2.1/",
            ["Network:LookupTimeout"] = "00:00:00.500",
        });

        Assert.Null(info.Ip);
        Assert.Equal(PublicIpSource.Unknown, info.Source);
        Assert.InRange(took, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
