namespace BrokerConsole.Sandbox.Telegram;

/// <summary>The <c>Sandbox:Telegram</c> section: the bots the sandbox knows (any other token gets Telegram's 401).</summary>
public sealed class TelegramSandboxOptions
{
    public IList<TelegramSandboxBot> Bots { get; } = [];
}

public sealed class TelegramSandboxBot
{
    /// <summary>A token in BotFather's shape: the bot's numeric id, a colon, then the secret part.</summary>
    public string Token { get; set; } = "";

    public string Username { get; set; } = "brokerconsole_sandbox_bot";
}
