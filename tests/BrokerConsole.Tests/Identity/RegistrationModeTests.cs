using System.Net;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Identity.Registration;
using BrokerConsole.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BrokerConsole.Tests.Identity;

/// <summary>
/// Issue #17 §5: <c>Identity:Registration</c> = Open | InviteOnly | Closed, the first user of a fresh install as its
/// administrator, single-use invites, and a register page that says nothing about who is registered. Each test
/// starts its own app: "fresh install" means an empty database.
/// </summary>
public abstract class RegistrationModeTests
{
    private const string Password = "nifty-2026-long";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero));

    /// <summary>The storage provider's part of every app this class starts.</summary>
    protected virtual AppFixture OnStorage(AppFixture recipe) => recipe;

    private TestApp NewApp(string? mode, string environment = "Testing") => OnStorage(AppFixture.Create())
        .WithEnvironment(environment)
        .WithClock(_clock)
        .WithSetting("Identity:Registration", mode ?? "")
        .Build();

    private static HttpClient NewBrowser(TestApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Fills the register form as a browser would; a second later, so "the first user" is never a tie.</summary>
    private async Task<HttpResponseMessage> RegisterAsync(HttpClient browser, string email, string? invite = null)
    {
        var answer = await browser.SubmitAsync(RegisterPath(invite), "register", new Dictionary<string, string>
        {
            ["Form.Email"] = email,
            ["Form.Password"] = Password,
            ["Form.ConfirmPassword"] = Password,
        });
        _clock.Advance(TimeSpan.FromSeconds(1));
        return answer;
    }

    private static string RegisterPath(string? invite) => invite is null ? "/account/register" : $"/account/register?invite={Uri.EscapeDataString(invite)}";

    /// <summary>What the server does with a registration whatever the page showed (a hand-made post gets no further).</summary>
    private static async Task<RegistrationResult> RegisterDirectlyAsync(TestApp app, string email, string? invite)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserRegistration>().RegisterAsync(email, Password, invite);
    }

    private static async Task<string> BodyOf(HttpClient browser, string path) => await (await browser.GetAsync(path)).BodyAsync();

    private static async Task<bool> IsAdministratorAsync(TestApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        Assert.NotNull(user);
        return await scope.ServiceProvider.GetRequiredService<ConsoleAdministrators>().IsAdministratorAsync(user);
    }

    private static async Task<CreatedInvite> InviteAsync(TestApp app, string administratorEmail, TimeSpan? lifetime = null)
    {
        string id;
        await using (var lookup = app.Services.CreateAsyncScope())
        {
            id = (await lookup.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(administratorEmail))!.Id;
        }

        await using var scope = app.ScopeFor(id);
        return await scope.ServiceProvider.GetRequiredService<IInviteBook>().CreateAsync("for a colleague", lifetime);
    }

    [Fact]
    public async Task Invite_only_lets_the_first_user_in_as_administrator_and_then_asks_everyone_else_for_an_invite()
    {
        await using var app = NewApp("InviteOnly");
        var first = NewBrowser(app);
        Assert.Contains("the account you create now administers it", await BodyOf(first, "/account/register"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(first, "desk-head@example.com")).StatusCode);
        Assert.True(await IsAdministratorAsync(app, "desk-head@example.com"));

        var stranger = await BodyOf(NewBrowser(app), "/account/register");
        Assert.Contains(RegistrationDecision.NeedsInvite.Message, stranger, StringComparison.Ordinal);
        Assert.DoesNotContain("Form.Email", stranger, StringComparison.Ordinal);
        var login = await BodyOf(NewBrowser(app), "/account/login");
        Assert.Contains("Ask the administrator for an invite", login, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"register-link\"", login, StringComparison.Ordinal);

        // Whatever is posted, a registered and an unknown e-mail get the same answer, and nobody is created.
        var taken = await RegisterDirectlyAsync(app, "desk-head@example.com", invite: null);
        var unknown = await RegisterDirectlyAsync(app, "nobody-yet@example.com", invite: null);
        Assert.Equal(RegistrationDecision.NeedsInvite, taken.Decision);
        Assert.Equal(taken.Decision, unknown.Decision);
        Assert.Equal(taken.Errors, unknown.Errors);
        Assert.Null(await FindAsync(app, "nobody-yet@example.com"));
        Assert.Equal(1, await UserCountAsync(app));
    }

    [Fact]
    public async Task An_invite_makes_exactly_one_user_and_then_reads_as_used()
    {
        await using var app = NewApp("InviteOnly");
        await RegisterAsync(NewBrowser(app), "desk-head@example.com");
        var invite = await InviteAsync(app, "desk-head@example.com");

        var invited = NewBrowser(app);
        Assert.Contains(RegistrationDecision.Invited.Message, await BodyOf(invited, $"/account/register?invite={invite.Token}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(invited, "dealer@example.com", invite.Token)).StatusCode);
        Assert.False(await IsAdministratorAsync(app, "dealer@example.com"));

        Assert.Contains(RegistrationDecision.InviteNotValid.Message, await BodyOf(NewBrowser(app), RegisterPath(invite.Token)), StringComparison.Ordinal);
        var reuse = await RegisterDirectlyAsync(app, "second-dealer@example.com", invite.Token);
        Assert.Equal(RegistrationDecision.InviteNotValid, reuse.Decision);
        Assert.Null(await FindAsync(app, "second-dealer@example.com"));

        var listed = Assert.Single(await ListAsync(app, "desk-head@example.com"));
        Assert.Equal(InviteState.Used, listed.State);
        Assert.Equal("dealer@example.com", listed.UsedBy);
    }

    [Fact]
    public async Task A_revoked_an_expired_or_a_forged_invite_lets_nobody_in()
    {
        await using var app = NewApp("InviteOnly");
        await RegisterAsync(NewBrowser(app), "desk-head@example.com");
        var revoked = await InviteAsync(app, "desk-head@example.com");
        var expiring = await InviteAsync(app, "desk-head@example.com", TimeSpan.FromDays(1));
        await using (var scope = app.ScopeFor((await FindAsync(app, "desk-head@example.com"))!.Id))
        {
            await scope.ServiceProvider.GetRequiredService<IInviteBook>().RevokeAsync(revoked.Invite.Id);
        }

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        foreach (var token in new[] { revoked.Token, expiring.Token, "forged-token-that-was-never-issued" })
        {
            var page = await BodyOf(NewBrowser(app), RegisterPath(token));
            Assert.Contains(RegistrationDecision.InviteNotValid.Message, page, StringComparison.Ordinal);
            Assert.DoesNotContain("Form.Email", page, StringComparison.Ordinal);
            Assert.False((await RegisterDirectlyAsync(app, $"try-{token[..6]}@example.com", token)).Succeeded);
        }

        Assert.Equal(1, await UserCountAsync(app));
        var states = (await ListAsync(app, "desk-head@example.com")).Select(i => i.State).Order().ToArray();
        Assert.Equal([InviteState.Expired, InviteState.Revoked], states);
    }

    [Fact]
    public async Task Only_an_administrator_creates_invites_and_the_database_keeps_only_their_hash()
    {
        await using var app = NewApp("InviteOnly");
        await RegisterAsync(NewBrowser(app), "desk-head@example.com");
        var invite = await InviteAsync(app, "desk-head@example.com");
        await RegisterAsync(NewBrowser(app), "dealer@example.com", invite.Token);

        await using var scope = app.ScopeFor((await FindAsync(app, "dealer@example.com"))!.Id);
        var book = scope.ServiceProvider.GetRequiredService<IInviteBook>();
        Assert.False(await book.IsAdministratorAsync());
        await Assert.ThrowsAsync<InviteRefusedException>(() => book.CreateAsync("sneaky"));
        await Assert.ThrowsAsync<InviteRefusedException>(() => book.ListAsync());
        Assert.DoesNotContain(invite.Token, System.Text.Encoding.UTF8.GetString(app.ReadDatabaseBytes()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_people_racing_to_be_the_first_user_get_one_administrator_and_one_refusal()
    {
        await using var app = NewApp("InviteOnly");
        _ = app.Services; // start the host (and migrate) before the race

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => RegisterDirectlyAsync(app, $"racer-{i}@example.com", invite: null)));

        Assert.Single(results, r => r.Succeeded && r.Decision.Path == RegistrationPath.FirstUser);
        Assert.Single(results, r => !r.Succeeded && r.Decision == RegistrationDecision.NeedsInvite);
        Assert.Equal(1, await UserCountAsync(app));
    }

    [Fact]
    public async Task One_invite_used_twice_at_once_makes_one_user()
    {
        await using var app = NewApp("InviteOnly");
        await RegisterAsync(NewBrowser(app), "desk-head@example.com");
        var invite = await InviteAsync(app, "desk-head@example.com");

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => RegisterDirectlyAsync(app, $"twin-{i}@example.com", invite.Token)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(2, await UserCountAsync(app));
    }

    [Fact]
    public async Task Closed_takes_only_the_first_user_and_refuses_invites()
    {
        await using var app = NewApp("Closed");
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(NewBrowser(app), "owner@example.com")).StatusCode);
        Assert.True(await IsAdministratorAsync(app, "owner@example.com"));

        var later = await BodyOf(NewBrowser(app), "/account/register");
        Assert.Contains(RegistrationDecision.Closed.Message, later, StringComparison.Ordinal);
        Assert.DoesNotContain("New here?", await BodyOf(NewBrowser(app), "/account/login"), StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<InviteRefusedException>(() => InviteAsync(app, "owner@example.com"));
        Assert.Contains("closed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, await UserCountAsync(app));
    }

    [Fact]
    public async Task Open_lets_anyone_register_and_the_administrator_is_told_so()
    {
        await using var app = NewApp("Open");
        await RegisterAsync(NewBrowser(app), "owner@example.com");
        Assert.Equal(HttpStatusCode.Redirect, (await RegisterAsync(NewBrowser(app), "walk-in@example.com")).StatusCode);
        Assert.False(await IsAdministratorAsync(app, "walk-in@example.com"));
        var refused = await Assert.ThrowsAsync<InviteRefusedException>(() => InviteAsync(app, "owner@example.com"));
        Assert.Contains("Registration is open", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", RegistrationMode.Open)]
    [InlineData("Production", RegistrationMode.InviteOnly)]
    [InlineData("Testing", RegistrationMode.InviteOnly)]
    public async Task Unset_it_is_open_only_in_development(string environment, RegistrationMode expected)
    {
        await using var app = NewApp(mode: null, environment);
        Assert.Equal(expected, app.Services.GetRequiredService<IOptions<RegistrationOptions>>().Value.Mode);
    }

    [Fact]
    public async Task A_misspelt_mode_stops_the_start_with_a_message()
    {
        await using var app = NewApp("Invitational");
        var failure = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Identity:Registration must be Open, InviteOnly or Closed", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<ApplicationUser?> FindAsync(TestApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    private static async Task<int> UserCountAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().Users.Count();
    }

    private static async Task<IReadOnlyList<InviteView>> ListAsync(TestApp app, string administratorEmail)
    {
        await using var scope = app.ScopeFor((await FindAsync(app, administratorEmail))!.Id);
        return await scope.ServiceProvider.GetRequiredService<IInviteBook>().ListAsync();
    }
}

/// <summary><see cref="RegistrationModeTests"/> on SQLite, the default provider.</summary>
public sealed class RegistrationModeTestsOnSqlite : RegistrationModeTests;

/// <summary><see cref="RegistrationModeTests"/> on PostgreSQL: a fresh database per app, so "fresh install" holds there too.</summary>
public sealed class RegistrationModeTestsOnPostgres : RegistrationModeTests
{
    protected override AppFixture OnStorage(AppFixture recipe) => recipe.OnPostgres();
}
