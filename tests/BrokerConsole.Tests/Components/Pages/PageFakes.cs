using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.ApiKeys;
using BrokerConsole.Core.Auditing;
using BrokerConsole.Core.Credentials;
using BrokerConsole.Core.Identity;
using BrokerConsole.Core.Notifications;
using BrokerConsole.Core.Scheduling;

namespace BrokerConsole.Tests.Components.Pages;

/// <summary>The accounts a page lists; everything else a page must not call here throws.</summary>
internal sealed class FakeAccountService(params AccountSummary[] accounts) : IAccountService
{
    public List<IReadOnlyList<Guid>> SavedOrders { get; } = [];

    public IReadOnlyList<Guid>? LoginOrder { get; set; }

    public Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AccountSummary>>(accounts);

    public Task<AccountSummary> GetAsync(Guid accountId, CancellationToken cancellationToken = default) => Task.FromResult(accounts.Single(a => a.Id == accountId));

    public Task<IReadOnlyList<Guid>> GetLoginOrderAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(LoginOrder ?? [.. accounts.Select(a => a.Id)]);

    public Task SaveLoginOrderAsync(IReadOnlyList<Guid> accountIds, CancellationToken cancellationToken = default)
    {
        SavedOrders.Add(accountIds);
        return Task.CompletedTask;
    }

    public Task<AccountDraft> GetDraftAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AccountSummary> CreateAsync(AccountDraft draft, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AccountSummary> UpdateAsync(Guid accountId, AccountDraft draft, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<string> RevealSecretAsync(Guid accountId, SecretKind kind, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<LoginCode> GetLoginCodeAsync(Guid accountId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public static AccountSummary Account(string name, BrokerKind broker = BrokerKind.Zerodha, string clientId = "AB1234") =>
        new(Guid.NewGuid(), broker, name, clientId, AccountEnvironment.Sandbox, "key01", null, null, new HashSet<SecretKind>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}

internal sealed class FakeAuditTrail(params AuditEntry[] entries) : IAuditTrail
{
    public Task RecordAsync(string userId, AuditAction action, string summary, Guid? accountId = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int take, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<AuditEntry>>([.. entries.Take(take)]);

    public AuditEntry NewEntry(string userId, AuditAction action, string summary, Guid? accountId = null) => throw new NotSupportedException();
}

internal sealed class FakeApiKeyService : IApiKeyService
{
    private readonly List<ApiKeySummary> _keys = [];

    public Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ApiKeySummary>>([.. _keys]);

    /// <summary>The lifetime of the last key created (null: never expires).</summary>
    public TimeSpan? LastLifetime { get; private set; }

    public Task<CreatedApiKey> CreateAsync(string name, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ApiKeyValidationException("Give the key a name.");
        }

        LastLifetime = lifetime;
        var created = new CreatedApiKey(new ApiKeySummary(Guid.NewGuid(), name, "bck_1234", DateTimeOffset.UnixEpoch, null, null) { ExpiresAt = DateTimeOffset.UnixEpoch + lifetime }, "bck_1234_the-whole-secret-value");
        _keys.Add(created.Key);
        return Task.FromResult(created);
    }

    public Task RevokeAsync(Guid keyId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<int> RevokeAllAsync(string reason, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

internal sealed class FakeNotifications(int unread) : INotificationService
{
    public int Unread { get; set; } = unread;

    public Task<IReadOnlyList<NotificationView>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<NotificationView>>([]);

    public Task<int> UnreadCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(Unread);

    public Task MarkAllReadAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DismissAsync(Guid notificationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<int> DismissAllAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

internal sealed class FakeCurrentUser(string? userId = "user-1") : ICurrentUser
{
    public string? UserId { get; } = userId;

    public string? UserName => UserId is null ? null : "trader@example.com";
}

/// <summary>Records what the schedule editor saves; answers with the view a real service would return.</summary>
internal sealed class FakeScheduleService : IScheduleService
{
    public List<ScheduleDraft> Created { get; } = [];

    public List<string>? RefuseWith { get; set; }

    public Task<ScheduleView> CreateAsync(ScheduleDraft draft, CancellationToken cancellationToken = default)
    {
        if (RefuseWith is { } errors)
        {
            throw new ScheduleValidationException(errors);
        }

        Created.Add(draft);
        return Task.FromResult(new ScheduleView(Guid.NewGuid(), draft.Name, draft.AccountIds, draft.Orders, draft.Days, draft.TimeOfDay, draft.Enabled, draft.AutoExecute, null));
    }

    public Task<IReadOnlyList<ScheduleView>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<ScheduleView>>([]);

    public Task<ScheduleView> GetAsync(Guid scheduleId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ScheduleView> UpdateAsync(Guid scheduleId, ScheduleDraft draft, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteAsync(Guid scheduleId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<ScheduleRunView>> ListRunsAsync(Guid? scheduleId = null, int take = 50, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<Guid> RunNowAsync(Guid scheduleId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<ScheduleRunView> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
