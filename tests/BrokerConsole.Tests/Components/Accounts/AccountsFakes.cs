using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Network;
using BrokerConsole.Core.Sessions;

namespace BrokerConsole.Tests.Components.Accounts;

/// <summary>Accounts and sessions as the Accounts components see them, with the times the tests reason about.</summary>
internal static class AccountSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero); // 20:30 IST
    public static readonly DateTimeOffset NextFlush = new(2026, 11, 25, 0, 30, 0, TimeSpan.Zero); // 06:00 IST

    public static AccountSummary Account(BrokerKind broker = BrokerKind.Zerodha, string name = "Card test", string clientId = "AB1234") =>
        new(Guid.NewGuid(), broker, name, clientId, AccountEnvironment.Sandbox, broker == BrokerKind.AngelOne ? "angelkey01" : "cardtest01",
            broker == BrokerKind.Zerodha ? "http://localhost/connect/zerodha/callback" : null, null,
            new HashSet<SecretKind> { SecretKind.ApiSecret }, Now.AddDays(-3), Now.AddDays(-3));

    public static AccountSessionView View(Guid accountId, SessionState state, SessionHealth health = SessionHealth.Healthy,
        DateTimeOffset? expires = null, string? message = null) =>
        state == SessionState.None
            ? AccountSessionView.None(accountId, message: message)
            : new(accountId, state, health, Now.AddHours(-6), expires ?? NextFlush, Now.AddMinutes(-3), "AB1234", "Card Tester", null, null, message);

    public static BrokerProfile Profile(string userId) => new()
    {
        UserId = userId,
        UserName = "Demo Trader",
        ShortName = "Demo",
        Broker = "ZERODHA",
        Email = "demo@example.com",
        Exchanges = ["NSE", "BSE"],
        Products = ["CNC", "MIS"],
    };
}

internal sealed class FakeCurrentUser : ICurrentUser
{
    public string? UserId => "user-1";

    public string? UserName => "trader@example.com";
}

internal sealed class FakePreferences(AccountsLayout layout = AccountsLayout.Cards) : IUserPreferences
{
    public List<AccountsLayout> LayoutsSaved { get; } = [];

    public Task<DisplayPreferences> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new DisplayPreferences(ThemeMode.System, layout));

    public Task SetThemeAsync(ThemeMode theme, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetAccountsLayoutAsync(AccountsLayout layout, CancellationToken cancellationToken = default)
    {
        LayoutsSaved.Add(layout);
        return Task.CompletedTask;
    }
}

internal sealed class FakePublicIp(PublicIpInfo info) : IPublicIpProvider
{
    public Task<PublicIpInfo> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(info);
}

/// <summary>The account store: records what the component asked for.</summary>
internal sealed class FakeAccounts : IAccountService
{
    public List<AccountSummary> Items { get; } = [];
    public List<AccountDraft> Created { get; } = [];
    public List<Guid> Deleted { get; } = [];

    public Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AccountSummary>>([.. Items]);

    public Task<AccountSummary> GetAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Items.Single(a => a.Id == accountId));

    public Task<AccountDraft> GetDraftAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var a = Items.Single(x => x.Id == accountId);
        return Task.FromResult(new AccountDraft { Broker = a.Broker, DisplayName = a.DisplayName, ClientId = a.ClientId, ApiKey = a.ApiKey, RedirectUrl = a.RedirectUrl });
    }

    public Task<AccountSummary> CreateAsync(AccountDraft draft, CancellationToken cancellationToken = default)
    {
        Created.Add(draft);
        var summary = AccountSamples.Account(draft.Broker, draft.DisplayName, draft.ClientId);
        Items.Add(summary);
        return Task.FromResult(summary);
    }

    public Task<AccountSummary> UpdateAsync(Guid accountId, AccountDraft draft, CancellationToken cancellationToken = default) =>
        Task.FromResult(Items.Single(a => a.Id == accountId));

    public Task DeleteAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        Deleted.Add(accountId);
        Items.RemoveAll(a => a.Id == accountId);
        return Task.CompletedTask;
    }

    public Task<string> RevealSecretAsync(Guid accountId, SecretKind kind, CancellationToken cancellationToken = default) => Task.FromResult("revealed-secret");

    public Task<IReadOnlyList<Guid>> GetLoginOrderAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SaveLoginOrderAsync(IReadOnlyList<Guid> accountIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<LoginCode> GetLoginCodeAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

/// <summary>Sessions as the tests set them; Test Connection answers with <see cref="NextTest"/> (or waits on <see cref="TestGate"/>).</summary>
internal sealed class FakeSessions : ISessionService
{
    public Dictionary<Guid, AccountSessionView> Views { get; } = [];
    public List<Guid> Tested { get; } = [];
    public List<Guid> Disconnected { get; } = [];
    public Func<Guid, ConnectionTestResult> NextTest { get; set; } = _ => new(true, "Connected as Demo Trader.", AccountSamples.Profile("AB1234"), TimeSpan.FromMilliseconds(42), SessionState.Active);
    public TaskCompletionSource? TestGate { get; set; }

    public Task<IReadOnlyDictionary<Guid, AccountSessionView>> GetViewsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<Guid, AccountSessionView>>(new Dictionary<Guid, AccountSessionView>(Views));

    public Task<AccountSessionView> GetViewAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Views.GetValueOrDefault(accountId) ?? AccountSessionView.None(accountId));

    public List<SessionHistoryEntry> History { get; } = [];

    public Task<IReadOnlyList<SessionHistoryEntry>> GetHistoryAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SessionHistoryEntry>>([.. History]);

    public async Task<ConnectionTestResult> TestConnectionAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        Tested.Add(accountId);
        if (TestGate is { } gate)
        {
            await gate.Task;
        }

        return NextTest(accountId);
    }

    public Task<string> DisconnectAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        Disconnected.Add(accountId);
        return Task.FromResult("the token was invalidated at Zerodha");
    }

    public Task<string> RevealAccessTokenAsync(Guid accountId, CancellationToken cancellationToken = default) => Task.FromResult("revealed-token");

    public Task<bool> IsSessionReadableAsync(Guid accountId, CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task<LoginResult> ConnectDirectAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new LoginResult(LoginOutcomeKind.Connected, accountId, "Connected."));

    public Task<Uri> BeginPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<PopupLoginStart> StartPopupLoginAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<LoginResult> CompletePopupLoginAsync(BrokerKind broker, PopupCallback callback, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <summary>Funds the broker answers per account; an account missing here gets the broker's refusal.</summary>
    public Dictionary<Guid, Funds> Funds { get; } = [];

    public List<Guid> FundsRead { get; } = [];

    /// <summary>Only the funds call is answered: the Accounts components ask the broker for nothing else.</summary>
    public Task<T> CallBrokerAsync<T>(Guid accountId, Func<IBrokerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        if (typeof(T) != typeof(Funds))
        {
            throw new NotSupportedException($"The Accounts fakes answer funds calls only, not {typeof(T).Name}.");
        }

        FundsRead.Add(accountId);
        return Funds.TryGetValue(accountId, out var funds)
            ? Task.FromResult((T)(object)funds)
            : Task.FromException<T>(new UnclassifiedBrokerException(BrokerKind.Zerodha, 500, "GeneralException", "Funds service is down"));
    }
}
