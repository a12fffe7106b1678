using System.Reflection;
using System.Text.Json;
using BrokerConsole.Core.Events;
using BrokerConsole.Core.Orders;
using BrokerConsole.Core.Scheduling;
using BrokerConsole.Core.Sessions;
using BrokerConsole.Tests.TestSupport;
using BrokerConsole.Web.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BrokerConsole.Tests.Events;

/// <summary>
/// Every user event that crosses nodes survives its trip through the notification text unchanged, fits PostgreSQL's
/// 8,000-byte payload, and carries no secret; every hub the app injects has a wire kind, so no live update silently
/// stays on one node.
/// </summary>
public sealed class CrossNodeEventCodecTests : IClassFixture<SharedApp<PlainOnSqlite>>
{
    private readonly CrossNodeEventKinds _kinds;
    private readonly IServiceProvider _services;

    public CrossNodeEventCodecTests(SharedApp<PlainOnSqlite> app)
    {
        _services = app.Services;
        _kinds = app.Get<CrossNodeEventKinds>();
    }

    public static TheoryData<string, object> Events => new()
    {
        { "session-change", new SessionChange(Guid.NewGuid(), SessionChangeKind.Connected, "Logged in as DA1234 until 06:00 IST.") },
        { "session-change", new SessionChange(Guid.NewGuid(), SessionChangeKind.NotificationsChanged, "") },
        { "session-change", new SessionChange(Guid.NewGuid(), SessionChangeKind.LoginFailed, "Kite said: \"Invalid checksum\" <b>\u20B9</b>\n") },
        { "order-update", new OrderUpdate(Guid.NewGuid(), "251124000099001", "COMPLETE", "INFY") },
        { "order-update", new OrderUpdate(Guid.NewGuid(), "251124000099002", "REJECTED", null) },
        { "run-progress", new ScheduleRunProgress("owner-1", Guid.NewGuid(), Guid.NewGuid(), ScheduleRunStatus.Running, 3, 10) },
        { "run-progress", new ScheduleRunProgress("owner-2", Guid.NewGuid(), null, ScheduleRunStatus.Completed, 10, 10) },
        { "sessions-ended", new SessionsEnded("signed out") },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Each_event_type_round_trips_through_the_notification_text_unchanged(string kindName, object change)
    {
        Assert.True(_kinds.TryFind(change.GetType(), out var kind));
        Assert.Equal(kindName, kind.Name);
        var origin = Guid.NewGuid();

        var text = CrossNodeEventCodec.Encode(kind, "user-42", change, origin, 7);

        Assert.NotNull(text);
        var envelope = CrossNodeEventCodec.Decode(text);
        Assert.Equal((kindName, "user-42", origin, 7L), (envelope.Kind, envelope.User, envelope.Origin, envelope.Sequence));
        Assert.Equal(change, envelope.Payload.Deserialize(change.GetType(), CrossNodeEventCodec.Json));
        // Delivered through the kind to this app's hub of that type, for that user only.
        var received = new List<object>();
        var hub = _services.GetRequiredService(typeof(UserEventHub<>).MakeGenericType(change.GetType()));
        var subscribe = hub.GetType().GetMethod(nameof(UserEventHub<SessionChange>.Subscribe))!;
        var handler = typeof(CrossNodeEventCodecTests).GetMethod(nameof(Recorder), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(change.GetType()).Invoke(null, [received])!;
        using (var mine = (IDisposable)subscribe.Invoke(hub, ["user-42", handler])!)
        using (var theirs = (IDisposable)subscribe.Invoke(hub, ["user-43", handler])!)
        {
            await kind.DeliverAsync(_services, envelope.User, envelope.Payload);
        }

        Assert.Equal([change], received);
    }

    private static Func<T, Task> Recorder<T>(List<object> received) => change =>
    {
        received.Add(change!);
        return Task.CompletedTask;
    };

    [Fact]
    public void Enums_travel_as_names_so_nodes_of_different_builds_agree()
    {
        Assert.True(_kinds.TryFind(typeof(SessionChange), out var kind));
        var text = CrossNodeEventCodec.Encode(kind, "u", new SessionChange(Guid.Empty, SessionChangeKind.ExpiringSoon, "m"), Guid.Empty, 1)!;
        Assert.Contains("\"kind\":\"ExpiringSoon\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_too_long_for_a_notification_is_cut_at_a_whole_character_and_fits()
    {
        Assert.True(_kinds.TryFind(typeof(SessionChange), out var kind));
        // Emoji are surrogate pairs and '"' doubles when escaped: the cut must land between characters either way.
        var message = string.Concat(Enumerable.Repeat("\U0001F4C8\"", 5_000));
        var text = CrossNodeEventCodec.Encode(kind, "u", new SessionChange(Guid.Empty, SessionChangeKind.LoginFailed, message), Guid.Empty, 1);

        Assert.NotNull(text);
        Assert.True(CrossNodeEventCodec.Fits(text));
        var shortened = CrossNodeEventCodec.Decode(text).Payload.Deserialize<SessionChange>(CrossNodeEventCodec.Json)!;
        Assert.EndsWith(EventText.Ellipsis, shortened.Message, StringComparison.Ordinal);
        Assert.StartsWith(shortened.Message[..^EventText.Ellipsis.Length], message, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(shortened.Message[^(EventText.Ellipsis.Length + 1)]));
    }

    [Fact]
    public void An_event_that_cannot_be_shortened_enough_is_not_sent()
    {
        Assert.True(_kinds.TryFind(typeof(ScheduleRunProgress), out var kind));
        var hugeOwner = new string('x', 9_000);

        Assert.Null(CrossNodeEventCodec.Encode(kind, hugeOwner, new ScheduleRunProgress(hugeOwner, Guid.Empty, null, ScheduleRunStatus.Running, 0, 1), Guid.Empty, 1));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"kind\":\"session-change\"}")]
    [InlineData("{\"kind\":\"session-change\",\"user\":\"u\",\"origin\":\"00000000-0000-0000-0000-000000000000\",\"sequence\":1,\"payload\":\"text\"}")]
    public void Another_programs_notification_on_the_channel_is_refused(string payload) =>
        Assert.ThrowsAny<JsonException>(() => CrossNodeEventCodec.Decode(payload));

    [Fact]
    public void Every_hub_the_app_injects_has_a_wire_kind()
    {
        // Constructor parameters of Core and Web services, and @inject properties of Razor components.
        var injected = new[] { typeof(UserEventHub<>).Assembly, typeof(SessionsEnded).Assembly }
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
                .Concat(t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Where(p => p.IsDefined(typeof(InjectAttribute))).Select(p => p.PropertyType)))
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(UserEventHub<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => !t.IsGenericParameter)
            .Distinct()
            .ToList();

        Assert.Superset(new HashSet<Type> { typeof(SessionChange), typeof(OrderUpdate), typeof(ScheduleRunProgress), typeof(SessionsEnded) }, injected.ToHashSet());
        Assert.All(injected, t => Assert.True(_kinds.TryFind(t, out _), $"UserEventHub<{t.Name}> has no cross-node kind: register one (CrossNodeEventsRegistration)."));
    }

    [Fact]
    public void No_event_that_crosses_nodes_has_a_field_for_a_secret()
    {
        // Tokens never travel: the events name accounts, orders and runs; a token-like field would be a design change to refuse here.
        string[] secretWords = ["token", "secret", "password", "mpin", "totp", "pin", "key", "checksum"];
        Assert.All(_kinds.All, kind => Assert.All(kind.EventType.GetProperties(), p =>
            Assert.DoesNotContain(secretWords, w => p.Name.Contains(w, StringComparison.OrdinalIgnoreCase))));
    }

    [Fact]
    public void On_sqlite_the_hubs_stay_in_process_no_relay_no_listener()
    {
        Assert.Null(_services.GetService<IUserEventRelay>());
        Assert.DoesNotContain(_services.GetServices<IHostedService>(), s => s.GetType().Namespace == typeof(UserEventHub<>).Namespace);
    }
}

/// <summary>The plain app on SQLite.</summary>
public sealed class PlainOnSqlite : IAppRecipe
{
    public static AppFixture Recipe() => AppFixture.Create();
}
