using System.Net;
using System.Text;
using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Api;

public sealed class ApiIsolationTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>Route values that name something a user owns: another user's must read as not found.</summary>
    private static readonly string[] _ownedIds = ["{accountId", "{scheduleId", "{runId", "{planId", "{basketId"];

    /// <summary>Every API endpoint the app maps, read from the routing data source so a new one cannot be missed.</summary>
    private IReadOnlyList<(string Method, string Pattern)> ApiEndpoints() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith(ApiRegistration.Prefix + "/", StringComparison.OrdinalIgnoreCase))
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))];

    [Fact]
    public async Task Every_endpoint_other_users_key_404_and_no_data()
    {
        var ownerId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        Guid accountId;
        Guid scheduleId;
        await using (var scope = app.ScopeFor(ownerId))
        {
            accountId = (await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(clientId: "ISO123"))).Id;
            scheduleId = (await scope.ServiceProvider.GetRequiredService<BrokerConsole.Core.Scheduling.IScheduleService>().CreateAsync(new BrokerConsole.Core.Scheduling.ScheduleDraft
            {
                Name = "Owner's 15:10",
                AccountIds = [accountId],
                Orders = [new BrokerConsole.Core.Orders.OrderTicket { AccountId = accountId, TradingSymbol = "INFY", Quantity = 1 }],
            })).Id;
        }

        var intruderId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        string intruderKey;
        await using (var scope = app.ScopeFor(intruderId))
        {
            intruderKey = (await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("intruder")).Secret;
        }

        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, intruderKey);
        var endpoints = ApiEndpoints();
        Assert.NotEmpty(endpoints);
        Assert.Contains(endpoints, e => e.Pattern.Contains("{accountId", StringComparison.Ordinal));

        foreach (var (method, pattern) in endpoints)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(
                pattern,
                @"\{(\w+)[^}]*\}",
                m => m.Groups[1].Value switch
                {
                    "accountId" => accountId.ToString(),
                    // The owner's real schedule; runs: an id the intruder does not own must read as not found.
                    "scheduleId" => scheduleId.ToString(),
                    // Runs, exit plans, baskets: an id the intruder does not own must read as not found.
                    "runId" or "planId" or "basketId" => Guid.NewGuid().ToString(),
                    _ => "X1",
                });
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                // A valid order, so a 404 cannot be a validation error in disguise.
                request.Content = new StringContent("""{"exchange":"NSE","tradingSymbol":"INFY","side":"Buy","quantity":1,"broker":"Zerodha"}""", Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (_ownedIds.Any(id => pattern.Contains(id, StringComparison.Ordinal)))
            {
                await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, ApiProblems.NotFound);
            }
            else
            {
                // Endpoints without an account id (lists, aggregates, validate) answer for the intruder's own (empty) data.
                Assert.True((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode} {body}");
            }

            Assert.DoesNotContain("ISO123", body, StringComparison.Ordinal);
            Assert.DoesNotContain(accountId.ToString(), body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(scheduleId.ToString(), body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Owner's 15:10", body, StringComparison.Ordinal);
        }

        // The intruder's PUT and DELETE of the owner's schedule were 404 and changed nothing.
        await using (var scope = app.ScopeFor(ownerId))
        {
            var kept = await scope.ServiceProvider.GetRequiredService<BrokerConsole.Core.Scheduling.IScheduleService>().GetAsync(scheduleId);
            Assert.Equal("Owner's 15:10", kept.Name);
        }
    }

    [Fact]
    public async Task Schedules_endpoints_list_the_owners_schedule_and_its_runs()
    {
        var ownerId = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com");
        Guid scheduleId;
        string key;
        await using (var scope = app.ScopeFor(ownerId))
        {
            var accountId = (await scope.ServiceProvider.GetRequiredService<IAccountService>().CreateAsync(AccountDrafts.Zerodha(clientId: "SCH123"))).Id;
            scheduleId = (await scope.ServiceProvider.GetRequiredService<BrokerConsole.Core.Scheduling.IScheduleService>().CreateAsync(new BrokerConsole.Core.Scheduling.ScheduleDraft
            {
                Name = "Closing buy",
                AccountIds = [accountId],
                Orders = [new BrokerConsole.Core.Orders.OrderTicket { AccountId = accountId, TradingSymbol = "INFY", Quantity = 1 }],
            })).Id;
            key = (await scope.ServiceProvider.GetRequiredService<IApiKeyService>().CreateAsync("scripts")).Secret;
        }

        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        var list = await client.GetStringAsync("/api/v1/schedules");
        Assert.Contains("Closing buy", list, StringComparison.Ordinal);
        Assert.Contains(scheduleId.ToString(), list, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("15:10", await client.GetStringAsync($"/api/v1/schedules/{scheduleId}"), StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync($"/api/v1/schedules/{scheduleId}/runs"));
        Assert.Equal("[]", await client.GetStringAsync("/api/v1/runs"));
    }
}
