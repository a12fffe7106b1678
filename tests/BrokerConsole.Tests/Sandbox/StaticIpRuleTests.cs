using System.Net;
using BrokerConsole.Sandbox.Shared;

namespace BrokerConsole.Tests.Sandbox;

/// <summary>The one static-IP rule the four sandbox brokers apply to order writes.</summary>
public sealed class StaticIpRuleTests
{
    [Fact]
    public void An_empty_list_allows_any_caller()
    {
        Assert.False(StaticIpRule.Refuses([], IPAddress.Parse("203.0.113.9"), out _));
        Assert.False(StaticIpRule.Refuses([], null, out _));
    }

    [Fact]
    public void A_registered_ip_passes_also_when_kestrel_reports_it_ipv4_mapped()
    {
        Assert.False(StaticIpRule.Refuses(["127.0.0.1"], IPAddress.Parse("::ffff:127.0.0.1"), out var caller));
        Assert.Equal(IPAddress.Parse("127.0.0.1"), caller);
    }

    [Fact]
    public void Another_ip_or_an_unknown_caller_is_refused_and_named()
    {
        Assert.True(StaticIpRule.Refuses(["198.51.100.7"], IPAddress.Parse("::ffff:127.0.0.1"), out var caller));
        Assert.Equal("127.0.0.1", caller?.ToString());
        Assert.True(StaticIpRule.Refuses(["198.51.100.7"], null, out _));
    }
}
