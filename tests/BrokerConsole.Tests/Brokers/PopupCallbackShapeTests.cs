using BrokerConsole.Core.Accounts;
using BrokerConsole.Tests.TestSupport;

namespace BrokerConsole.Tests.Brokers;

/// <summary>The one callback endpoint reads each broker's redirect by its module's shape.</summary>
public sealed class PopupCallbackShapeTests
{
    private static Func<string, string?> Query(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Kite_redirect_succeeds_only_on_status_success_and_carries_state_in_the_query()
    {
        var shape = BrokerModulesForTests.All.For(BrokerKind.Zerodha).PopupCallback!;

        var ok = shape.Read(Query(("status", "success"), ("request_token", "rt1"), ("state", "st1")), stateCookie: "cookie-ignored");
        var cancelled = shape.Read(Query(("status", "cancelled"), ("request_token", "rt1"), ("state", "st1")), null);

        Assert.Equal((true, "rt1", "st1"), (ok.Succeeded, ok.Code, ok.State));
        Assert.False(cancelled.Succeeded);
    }

    [Fact]
    public void Fyers_redirect_reads_s_ok_and_auth_code()
    {
        var shape = BrokerModulesForTests.All.For(BrokerKind.Fyers).PopupCallback!;

        var ok = shape.Read(Query(("s", "ok"), ("code", "200"), ("auth_code", "ac1"), ("state", "st2")), null);
        var refused = shape.Read(Query(("s", "error"), ("auth_code", "ac1"), ("state", "st2")), null);

        Assert.Equal((true, "ac1", "st2"), (ok.Succeeded, ok.Code, ok.State));
        Assert.False(refused.Succeeded);
    }

    [Fact]
    public void Dhan_state_comes_only_from_the_cookie_never_from_the_url()
    {
        var shape = BrokerModulesForTests.All.For(BrokerKind.Dhan).PopupCallback!;

        // A state in the URL must not stand in for the cookie: the redirect is not ours to shape.
        var forged = shape.Read(Query(("tokenId", "tk1"), ("state", "from-the-url")), stateCookie: null);
        var genuine = shape.Read(Query(("tokenId", "tk1")), stateCookie: "from-the-cookie");
        var noCode = shape.Read(Query(), stateCookie: "from-the-cookie");

        Assert.Null(forged.State);
        Assert.Equal((true, "tk1", "from-the-cookie"), (genuine.Succeeded, genuine.Code, genuine.State));
        Assert.False(noCode.Succeeded);
    }

    [Fact]
    public void Angel_one_has_no_popup_callback()
    {
        Assert.Null(BrokerModulesForTests.All.For(BrokerKind.AngelOne).PopupCallback);
    }

    [Fact]
    public void Callback_ToString_redacts_state_and_code()
    {
        var callback = new Core.Brokers.PopupCallback("CANARYstate", true, "CANARYcode");

        Assert.DoesNotContain("CANARY", callback.ToString(), StringComparison.Ordinal);
    }
}
