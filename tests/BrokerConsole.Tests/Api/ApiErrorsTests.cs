using System.Text.Json;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Errors;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

/// <summary>Issue #15 §3: one exception root, mapped once; each family answers with its own status and problem type.</summary>
public sealed class ApiErrorsTests
{
    public static TheoryData<BrokerConsoleException, int, string> Families() => new()
    {
        { new AccountNotFoundException(Guid.NewGuid()), 404, ApiProblems.NotFound },
        { new ScheduleNotFoundException(Guid.NewGuid()), 404, ApiProblems.NotFound },
        { new ScheduleValidationException(["Pick at least one account."]), 400, ApiProblems.Validation },
        { new OrderValidationException([new OrderFieldError("Quantity", "Quantity must be at least 1.")]), 400, ApiProblems.Validation },
        { new NoActiveSessionException(Guid.NewGuid()), 409, ApiProblems.NoSession },
        { new SessionUnreadableException(Guid.NewGuid(), new InvalidOperationException("key not found")), 409, ApiProblems.NoSession },
        { new SessionExpiredException(BrokerKind.Zerodha, 403, "TokenException", "Token expired"), 409, ApiProblems.SessionExpired },
        { new LoginNotPossibleException("Angel One logs in without a popup."), 409, ApiProblems.LoginNotPossible },
        { new ScheduleRunInFlightException(Guid.NewGuid()), 409, ApiProblems.Conflict },
        { new BrokerUnavailableException(BrokerKind.Dhan, UnavailableCause.Timeout, null, null, null), 503, ApiProblems.BrokerUnavailable },
        { new BrokerRejectedException(BrokerKind.Fyers, 400, "-50", "Invalid symbol"), 502, ApiProblems.BrokerRejected },
        { new RateLimitedException(BrokerKind.Zerodha, 429, null, "Too many requests", TimeSpan.FromSeconds(2.2), local: false), 429, ApiProblems.RateLimited },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Each_family_has_its_status_and_type(BrokerConsoleException exception, int status, string type)
    {
        var (answered, problem) = await ExecuteAsync(exception);

        Assert.Equal(status, answered.StatusCode);
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal(exception.Message, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_broker_rate_limit_is_a_429_that_passes_on_the_brokers_retry_after()
    {
        var (answered, _) = await ExecuteAsync(new RateLimitedException(BrokerKind.Zerodha, 429, null, null, TimeSpan.FromSeconds(2.2), local: false));

        Assert.Equal(429, answered.StatusCode);
        Assert.Equal("3", answered.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task An_order_validation_lists_each_field()
    {
        var (_, problem) = await ExecuteAsync(new OrderValidationException([new OrderFieldError("Price", "A limit order needs a price.")]));

        Assert.Equal("A limit order needs a price.", problem.GetProperty("errors").GetProperty("Price")[0].GetString());
    }

    private static async Task<(HttpResponse Response, JsonElement Problem)> ExecuteAsync(BrokerConsoleException exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;

        await ApiErrors.ToProblem(exception, context.Response).ExecuteAsync(context);

        body.Position = 0;
        using var json = await JsonDocument.ParseAsync(body);
        return (context.Response, json.RootElement.Clone());
    }
}
