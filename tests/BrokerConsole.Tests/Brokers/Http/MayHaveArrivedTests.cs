using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;

namespace BrokerConsole.Tests.Brokers.Http;

/// <summary>
/// Which failures of an order POST can hide an order the broker accepted. Only "certainly never arrived" may become
/// "not placed"; everything else is "unknown" until the resend rule says the request can no longer arrive.
/// </summary>
public sealed class MayHaveArrivedTests
{
    private static BrokerUnavailableException Unreachable(HttpRequestError error) =>
        new(BrokerKind.Zerodha, UnavailableCause.Unreachable, null, null, null, new HttpRequestException(error, "failed"));

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    public void No_connection_made_means_the_order_never_arrived(HttpRequestError error) =>
        Assert.False(Unreachable(error).MayHaveArrived);

    [Theory]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.InvalidResponse)]
    [InlineData(HttpRequestError.Unknown)]
    public void A_connection_cut_after_the_request_went_out_may_hide_an_accepted_order(HttpRequestError error) =>
        Assert.True(Unreachable(error).MayHaveArrived);

    [Fact]
    public void The_brokers_own_5xx_envelope_is_its_answer_but_a_gateways_page_is_not()
    {
        Assert.False(new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.ServerError, 503, "NetworkException", "OMS down").MayHaveArrived);
        Assert.True(new BrokerUnavailableException(BrokerKind.Zerodha, UnavailableCause.ServerError, 502, null, null).MayHaveArrived);
    }

    [Theory]
    [InlineData(UnavailableCause.Timeout)]
    [InlineData(UnavailableCause.MalformedResponse)]
    public void A_timeout_or_a_garbled_answer_may_hide_an_accepted_order(UnavailableCause cause) =>
        Assert.True(new BrokerUnavailableException(BrokerKind.Dhan, cause, null, null, null).MayHaveArrived);
}
