using BrokerConsole.Core.Credentials.KeyRing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BrokerConsole.Core.Health;

/// <summary>
/// The key ring serves the data: a fresh protect/unprotect works, the ring files on disk are readable, and for
/// every key that wrote a stored secret or session token, the key is still in the folder and its newest value decrypts. A fresh round trip
/// alone stays Healthy on a silently recreated ring while every stored secret is lost; a folder deleted while
/// the app runs shows here (keys missing on disk) before a restart makes it permanent.
/// Nothing decrypted is kept or shown; no path or exception text reaches the anonymous endpoint.
/// </summary>
internal sealed class KeyRingHealthCheck(IDataProtectionProvider provider, KeyRingInspector inspector, KeyRingStore store) : IHealthCheck
{
    private const string Probe = "healthz-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var protector = provider.CreateProtector("BrokerConsole.Health.Probe");
            if (!string.Equals(protector.Unprotect(protector.Protect(Probe)), Probe, StringComparison.Ordinal))
            {
                return HealthCheckResult.Unhealthy("The key ring gave back a different value.");
            }
        }
#pragma warning disable CA1031 // A health check reports failures; it must not throw them.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The key ring cannot be used.", ex);
        }

        KeyRingReport report;
        try
        {
            report = await inspector.InspectAsync(cancellationToken);
        }
#pragma warning disable CA1031 // see above; the stored-secret probe needs the database, whose own check reports it.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Degraded("The stored secrets could not be read to probe the key ring.", ex);
        }

        var data = new Dictionary<string, object>
        {
            ["keysOnDisk"] = report.KeysOnDisk,
            ["storedSecrets"] = report.Checked,
            ["storedSecretsReadable"] = report.Readable,
        };
        if (report.IsDamaged)
        {
            return HealthCheckResult.Unhealthy($"A key in {store.PlaceName} is damaged; restore it from the backup (a restart names it and refuses to start).", data: data);
        }

        if (report.NothingReadable)
        {
            // What a restart would refuse: with the ring still cached, this is the last moment to restore the keys.
            return HealthCheckResult.Unhealthy(report.MissingKeyIds.Count > 0
                ? $"The keys that encrypted the stored secrets are no longer in {store.PlaceName}: restore it from the backup before the app restarts, or those secrets are lost."
                : "No stored secret decrypts with the key ring.", data: data);
        }

        if (report.Readable < report.Checked)
        {
            // E.g. after a start with AcceptNewKeyRing: the accounts whose secrets were not entered again.
            return HealthCheckResult.Degraded($"{report.Checked - report.Readable} of {report.Checked} stored secrets were written with keys that are no longer in {store.PlaceName}; enter them again or restore the keys.", data: data);
        }

        return HealthCheckResult.Healthy(report.Checked == 0
            ? "The key ring is readable (no stored secret yet)."
            : "The key ring is readable and decrypts the stored secrets.", data);
    }
}
