using BrokerConsole.Core.Identity.Registration;
using BrokerConsole.Web.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Tests.Components.Pages;

public sealed class InvitesSectionTests : ConsoleComponentTest
{
    private readonly FakeInviteBook _book = new();

    public InvitesSectionTests() => Services.AddSingleton<IInviteBook>(_book);

    [Fact]
    public void A_new_invite_shows_its_link_once_and_joins_the_list()
    {
        var section = Render<InvitesSection>();

        section.Find("input[data-testid=invite-note], [data-testid=invite-note] input").Change("Priya, dealing desk");
        section.Find("[data-testid=invite-create]").Click();

        Assert.Equal(("Priya, dealing desk", TimeSpan.FromDays(7)), _book.LastCreate);
        Assert.Equal("http://localhost/account/register?invite=tok-123", section.Find("[data-testid=invite-link]").TextContent);
        Assert.Contains("Waiting", section.Find("[data-testid=invite-grid]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Priya, dealing desk", section.Find("[data-testid=invite-grid]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Used_invites_say_by_whom_and_only_waiting_ones_can_be_revoked()
    {
        _book.Invites.Add(new(Guid.NewGuid(), "used", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7), InviteState.Used, "dealer@example.com", DateTimeOffset.UnixEpoch.AddDays(1)));
        var waiting = new InviteView(Guid.NewGuid(), "waiting", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(7), InviteState.Pending, null, null);
        _book.Invites.Add(waiting);
        var section = Render<InvitesSection>();

        Assert.Contains("Used by dealer@example.com", section.Find("[data-testid=invite-grid]").TextContent, StringComparison.Ordinal);
        var revoke = Assert.Single(section.FindAll("[data-testid=invite-revoke]"));
        revoke.Click();
        Assert.Equal(waiting.Id, _book.Revoked);
    }

    [Fact]
    public void A_refusal_is_shown_and_no_link_appears()
    {
        _book.Refusal = "An invite lives between a minute and 30 days.";
        var section = Render<InvitesSection>();

        section.Find("[data-testid=invite-create]").Click();

        Assert.Equal(_book.Refusal, section.Find("[data-testid=invite-error]").TextContent);
        Assert.Empty(section.FindAll("[data-testid=invite-link]"));
    }

    [Fact]
    public void Open_registration_is_a_warning_with_no_invite_form()
    {
        _book.Mode = RegistrationMode.Open;
        var section = Render<InvitesSection>();

        Assert.Contains("Registration is open", section.Find("[data-testid=registration-mode]").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll("[data-testid=invite-create]"));
    }

    [Fact]
    public void Someone_who_is_not_an_administrator_sees_nothing()
    {
        _book.Administrator = false;
        var section = Render<InvitesSection>();

        Assert.Empty(section.FindAll("[data-testid=invites]"));
        Assert.Equal(0, _book.ListCalls);
    }

    private sealed class FakeInviteBook : IInviteBook
    {
        public RegistrationMode Mode { get; set; } = RegistrationMode.InviteOnly;

        public bool Administrator { get; set; } = true;

        public List<InviteView> Invites { get; } = [];

        public (string? Note, TimeSpan? Lifetime)? LastCreate { get; private set; }

        public Guid? Revoked { get; private set; }

        public string? Refusal { get; set; }

        public int ListCalls { get; private set; }

        public Task<bool> IsAdministratorAsync(CancellationToken cancellationToken = default) => Task.FromResult(Administrator);

        public Task<CreatedInvite> CreateAsync(string? note, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
        {
            if (Refusal is not null)
            {
                throw new InviteRefusedException(Refusal);
            }

            LastCreate = (note, lifetime);
            var view = new InviteView(Guid.NewGuid(), note, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch + (lifetime ?? TimeSpan.FromDays(7)), InviteState.Pending, null, null);
            Invites.Insert(0, view);
            return Task.FromResult(new CreatedInvite(view, "tok-123"));
        }

        public Task<IReadOnlyList<InviteView>> ListAsync(CancellationToken cancellationToken = default)
        {
            ListCalls++;
            return Task.FromResult<IReadOnlyList<InviteView>>([.. Invites]);
        }

        public Task RevokeAsync(Guid inviteId, CancellationToken cancellationToken = default)
        {
            Revoked = inviteId;
            return Task.CompletedTask;
        }
    }
}
