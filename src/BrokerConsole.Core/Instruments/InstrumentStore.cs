using System.Data.Common;
using System.Globalization;
using BrokerConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BrokerConsole.Core.Instruments;

/// <summary>
/// Replaces the stored instruments in one transaction with prepared inserts: tens of thousands of rows in well under a
/// second on SQLite (EF's change tracker would spend seconds). Readers see the old catalog or the new one, never half.
/// Values are written the way EF's SQLite provider writes them (decimals and dates as invariant text, enums by name),
/// so EF reads them back.
/// </summary>
public sealed class InstrumentStore(IDbContextFactory<BrokerConsoleDbContext> dbFactory)
{
    public async Task ReplaceAsync(IReadOnlyList<ConsoleInstrument> instruments, IReadOnlyList<BrokerInstrument> symbols, InstrumentRefresh refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(refresh);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM BrokerInstruments", cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM Instruments", cancellationToken);

        await InsertAsync(connection, transaction,
            "INSERT INTO Instruments (Id, Exchange, ExchangeToken, Symbol, Name, Underlying, Isin, Kind, Expiry, Strike, LotSize, TickSize) VALUES ($0,$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
            12, instruments, i => [i.Id, i.Exchange, i.ExchangeToken, i.Symbol, Cut(i.Name, 128), i.Underlying, i.Isin, i.Kind.ToString(),
                i.Expiry?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Dec(i.Strike), i.LotSize, Dec(i.TickSize)], cancellationToken);
        await InsertAsync(connection, transaction,
            "INSERT INTO BrokerInstruments (Id, InstrumentId, Broker, TradingSymbol, OrderExchange, OrderSymbol, Token) VALUES ($0,$1,$2,$3,$4,$5,$6)",
            7, symbols, s => [s.Id, s.InstrumentId, s.Broker.ToString(), s.TradingSymbol, s.OrderExchange, s.OrderSymbol, s.Token], cancellationToken);
        await InsertAsync(connection, transaction,
            "INSERT INTO InstrumentRefreshes (At, Instruments, Succeeded, Summary) VALUES ($0,$1,$2,$3)",
            4, [refresh], r => [r.At.UtcTicks, r.Instruments, r.Succeeded, Cut(r.Summary, 2000)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records a refresh that stored nothing (a master failed): the catalog keeps its previous rows.</summary>
    public async Task RecordFailureAsync(InstrumentRefresh refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        refresh.Summary = Cut(refresh.Summary, 2000);
        db.Set<InstrumentRefresh>().Add(refresh);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertAsync<T>(DbConnection connection, DbTransaction transaction, string sql, int columns, IEnumerable<T> rows,
        Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameters = new DbParameter[columns];
        for (var i = 0; i < columns; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "$" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameters[i]);
        }

        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            var v = values(row);
            for (var i = 0; i < columns; i++)
            {
                parameters[i].Value = v[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Dec(decimal value) => value.ToString("0.0###########################", CultureInfo.InvariantCulture);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
