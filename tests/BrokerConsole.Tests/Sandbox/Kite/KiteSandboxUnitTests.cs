using System.Text;
using BrokerConsole.Sandbox.Kite;
using BrokerConsole.Sandbox.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BrokerConsole.Tests.Sandbox.Kite;

public sealed class KiteSandboxUnitTests
{
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Totp_rfc6238_sha1_vectors_match(long unixSeconds, string expected)
    {
        var secret = Encoding.ASCII.GetBytes("12345678901234567890");

        Assert.Equal(expected, SandboxTotp.CodeAt(secret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
        Assert.True(SandboxTotp.Verify(secret, expected, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
    }

    [Fact]
    public void Totp_verify_accepts_one_step_of_drift_and_rejects_two()
    {
        var secret = Encoding.ASCII.GetBytes("12345678901234567890");
        var at = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var code = SandboxTotp.CodeAt(secret, at);

        Assert.True(SandboxTotp.Verify(secret, code, at.AddSeconds(30)));
        Assert.True(SandboxTotp.Verify(secret, code, at.AddSeconds(-30)));
        Assert.False(SandboxTotp.Verify(secret, code, at.AddSeconds(90)));
        Assert.False(SandboxTotp.Verify(secret, code, at.AddSeconds(-90)));
        Assert.False(SandboxTotp.Verify(secret, null, at));
        Assert.False(SandboxTotp.Verify(secret, "12345", at));
        Assert.False(SandboxTotp.Verify(secret, code + "0", at));
    }

    [Theory]
    [InlineData("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "12345678901234567890")]
    [InlineData("gezd gnbv-gy3t qojq gezd gnbv gy3t qojq====", "12345678901234567890")]
    [InlineData("MZXW6YTBOI", "foobar")]
    public void Totp_seed_decodes_base32_as_authenticator_apps_show_it(string text, string expected)
    {
        Assert.Equal(expected, Encoding.ASCII.GetString(SandboxTotp.DecodeSeed(text)!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("not base32!")]
    [InlineData("MZXW1")]
    public void Totp_seed_that_is_empty_or_not_base32_is_null(string? text)
    {
        Assert.Null(SandboxTotp.DecodeSeed(text));
    }

    [Fact]
    public void SessionChecksum_matches_reference_test_vector()
    {
        Assert.Equal("b499bbabdea46bcc2d10589f14f158c7a81066ebaeae6e1f99da10857d0dab83",
            KiteSandboxHost.Checksum("abc123", "req456", "sec789"));
    }

    [Fact]
    public void NextSixAm_is_next_0600_IST_after_issue()
    {
        // 05:59 IST → 06:00 the same day; 06:00 IST exactly → 06:00 next day.
        var before = new DateTimeOffset(2026, 11, 24, 5, 59, 0, TimeSpan.FromHours(5.5));
        var at = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.FromHours(5.5));

        Assert.Equal(at, IstClock.NextSixAm(before));
        Assert.Equal(at.AddDays(1), IstClock.NextSixAm(at));
    }

    [Fact]
    public async Task OrderBook_concurrent_placements_from_many_threads_are_all_recorded()
    {
        await using var host = await KiteSandboxHost.StartAsync();
        var book = host.Services.GetRequiredService<KiteOrderBook>();
        var options = host.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;
        var session = new KiteSession(KiteSandboxHost.ApiKey, KiteSandboxHost.UserId, "t", "p", KiteSandboxHost.Start, KiteSandboxHost.Start.AddDays(1));
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["exchange"] = "NSE",
            ["tradingsymbol"] = "SBIN",
            ["transaction_type"] = "BUY",
            ["order_type"] = "LIMIT",
            ["quantity"] = "1",
            ["price"] = "1",
            ["product"] = "MIS",
        });
        var (request, error) = KiteOrderRequest.Parse("regular", form);
        Assert.Null(error);

        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
        {
            var (id, placeError) = book.Place(session, options.Kite.Apps[0], request!);
            Assert.Null(placeError);
            _ = book.Orders(KiteSandboxHost.UserId);
            return id!;
        })));

        Assert.Equal(200, ids.Distinct().Count());
        Assert.Equal(200, book.Orders(KiteSandboxHost.UserId).Count);
    }
}
