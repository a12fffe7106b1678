using BrokerConsole.Core.Brokers;
using BrokerConsole.Core.Notifications.Telegram;
using BrokerConsole.Core.Notifications.Trading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Notifications;

/// <summary>Trading notices, per-user settings and the Telegram channel.</summary>
internal static class NotificationRegistration
{
    private static readonly IReadOnlyList<SandboxRoute> _telegramRoutes = [new($"{TelegramOptions.SectionName}:{nameof(TelegramOptions.ApiRoot)}", "/telegram")];

    public static void AddTradingNotifications(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TradingNotifier>();
        services.AddSingleton<OrderBookTransitions>();
        services.AddSingleton<RunFinishedNotices>();
        services.AddScoped<INotificationSettingsService, NotificationSettingsService>();

        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // With the built-in sandbox on and no root configured, messages go to the sandbox's Bot API, like the brokers' calls.
        services.AddSandboxRoutes<TelegramOptions>(configuration, TelegramOptions.SectionName, _telegramRoutes);
        // The bot token is part of every URL of this client: its request logging is removed, not filtered.
        services.AddHttpClient(TelegramBotApi.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<TelegramBotApi>();
        services.AddSingleton<TelegramOutbox>();
        services.AddSingleton<TelegramChannelStore>();
        services.AddSingleton<TelegramDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<TelegramDispatcher>());
    }
}
