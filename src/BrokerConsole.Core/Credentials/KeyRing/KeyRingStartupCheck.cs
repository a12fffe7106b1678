using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrokerConsole.Core.Credentials.KeyRing;

/// <summary>
/// Run once at start-up, after the migrations: the key ring is part of the data. A ring that cannot read any
/// stored secret (keys folder deleted or replaced) or that holds a damaged file stops the start with one message,
/// instead of a silent new ring and every account failing later ("cannot be decrypted", a 500 on sign-in).
/// </summary>
public static partial class KeyRingStartupCheck
{
    public const string FlagName = "DataProtection:AcceptNewKeyRing";

    private const string FirstStartPurpose = "BrokerConsole.KeyRing.FirstStart";

    /// <exception cref="KeyRingRefusedException">The ring cannot read the data and the flag is off.</exception>
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRingStartupCheck).FullName!);
        var accept = services.GetRequiredService<IOptions<KeyRingOptions>>().Value.AcceptNewKeyRing;
        var store = services.GetRequiredService<KeyRingStore>();

        // Nodes sharing a ring (PostgreSQL) take turns from here to their first key: two nodes starting at once on an
        // empty ring would otherwise each make a key, and each use its own until the next ring refresh (up to a day),
        // so a cookie or secret from one would not read on the other.
        await using var turn = await store.HoldFirstStartAsync(cancellationToken);
        var report = await services.GetRequiredService<KeyRingInspector>().InspectAsync(cancellationToken);

        var refusal = RefusalFor(report, store);
        if (refusal is not null)
        {
            if (!accept)
            {
                LogRefused(logger, refusal);
                throw new KeyRingRefusedException(refusal);
            }

            LogAccepted(logger, FlagName, refusal);
        }
        else if (report.Readable < report.Checked)
        {
            LogPartlyUnreadable(logger, report.Checked - report.Readable, report.Checked);
        }

        // Load the ring now, still holding the turn: the first node makes the key, the next one reads it. A damaged ring
        // started with the flag is left alone: every use fails and the app answers with its key-ring page instead.
        if (!report.IsDamaged)
        {
            _ = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(FirstStartPurpose).Protect([1]);
        }
    }

    /// <summary>The operator's message when the ring cannot serve the data; null when it can.</summary>
    public static string? RefusalFor(KeyRingReport report, KeyRingStore store)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(store);
        if (report.IsDamaged)
        {
            return $"BrokerConsole will not start: the Data Protection key ring {store.Location} is damaged " +
                $"({string.Join("; ", report.DamagedFiles)}).{store.UnusableKeyHint} Every encrypted secret, the sign-in cookies and the sign-in form need it. " +
                $"{store.RestoreAdvice} " +
                $"If there is no backup: {store.DamagedEntryAdvice} and start with {FlagName}=true " +
                "(environment variable DataProtection__AcceptNewKeyRing=true); stored secrets it encrypted must then be entered again.";
        }

        if (report.NothingReadable)
        {
            return $"BrokerConsole will not start: the database holds {report.Checked} encrypted secret(s) (account secrets, session tokens), " +
                $"but no key in the Data Protection key ring {store.Location} can decrypt them ({report.KeysOnDisk} key(s) there now; " +
                $"the secrets need key(s) {string.Join(", ", report.MissingKeyIds.Select(id => id.ToString("D")))}). " +
                $"{store.LossCause} " +
                $"{store.RestoreAdvice} " +
                $"To start anyway with a new key ring, set {FlagName}=true (environment variable DataProtection__AcceptNewKeyRing=true): " +
                "every account's secrets must then be entered again and every broker session logged in again. Keep the flag until one is.";
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Refusal}")]
    private static partial void LogRefused(ILogger logger, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting anyway because {Flag}=true. {Refusal}")]
    private static partial void LogAccepted(ILogger logger, string flag, string refusal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Unreadable} of {Stored} stored encrypted secret(s) were written with keys no longer in the key ring; those accounts need their secrets entered again")]
    private static partial void LogPartlyUnreadable(ILogger logger, int unreadable, int stored);
}
