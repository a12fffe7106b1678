using BrokerConsole.Core.Accounts;
using BrokerConsole.Core.Time;
using Microsoft.Extensions.DependencyInjection;

namespace BrokerConsole.Core.Exports;

/// <summary>Builds a download for the signed-in user.</summary>
public interface IExportService
{
    /// <summary>
    /// One kind of rows in one format, for every account of the user or one of them. Accounts whose broker failed are
    /// listed in the file, never left out silently (<see cref="ExportFile.FailedAccounts"/> counts them).
    /// </summary>
    /// <exception cref="AccountNotFoundException"><paramref name="accountId"/> is not the user's.</exception>
    /// <exception cref="Scheduling.ScheduleNotFoundException"><paramref name="runId"/> is not one of the user's runs.</exception>
    Task<ExportFile> ExportAsync(ExportKind kind, ExportFormat format, Guid? accountId = null, Guid? runId = null, CancellationToken cancellationToken = default);
}

internal sealed class ExportService(IEnumerable<IExporter> exporters, IAccountService accounts, TimeProvider time) : IExportService
{
    public async Task<ExportFile> ExportAsync(ExportKind kind, ExportFormat format, Guid? accountId = null, Guid? runId = null, CancellationToken cancellationToken = default)
    {
        var exporter = exporters.Single(e => e.Kind == kind);
        string? accountPart = null;
        if (accountId is { } id)
        {
            // Another user's account reads exactly like one that does not exist.
            accountPart = (await accounts.GetAsync(id, cancellationToken)).ClientId;
        }

        var table = await exporter.BuildAsync(new ExportScope(accountId, runId), cancellationToken);
        var content = format == ExportFormat.Csv ? CsvExportWriter.Write(table) : ExcelExportWriter.Write(table);
        var stamp = IndianTime.ToIst(time.GetUtcNow()).ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"brokerconsole-{ExportNames.Slug(kind)}{(accountPart is null ? "" : "-" + SafeFilePart(accountPart))}-{stamp}.{ExportNames.Extension(format)}";
        return new ExportFile(name, ExportNames.ContentType(format), content, table.Failures.Count);
    }

    /// <summary>A client id in a file name: letters and digits only, so no header or path trick rides along.</summary>
    private static string SafeFilePart(string text)
    {
        var kept = new string([.. text.Where(char.IsAsciiLetterOrDigit).Take(20)]);
        return kept.Length == 0 ? "account" : kept;
    }
}

/// <summary>Service registration of Core/Exports.</summary>
public static class ExportRegistration
{
    public static void AddExports(IServiceCollection services)
    {
        services.AddScoped<IExporter, HoldingsExporter>();
        services.AddScoped<IExporter, PositionsExporter>();
        services.AddScoped<IExporter, OrdersExporter>();
        services.AddScoped<IExporter, TradesExporter>();
        services.AddScoped<IExporter, RunResultsExporter>();
        services.AddScoped<IExporter, AuditLogExporter>();
        services.AddScoped<IExportService, ExportService>();
    }
}
