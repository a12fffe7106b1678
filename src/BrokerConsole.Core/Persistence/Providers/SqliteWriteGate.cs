using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BrokerConsole.Core.Persistence.Providers;

/// <summary>
/// One writer at a time on the SQLite file inside this process, waited for without blocking a thread.
/// </summary>
/// <remarks>
/// SQLite has one write lock per file. When two connections of this process want it at once, the loser gets
/// SQLITE_BUSY and Microsoft.Data.Sqlite retries it with <c>Thread.Sleep(150)</c> on the calling thread. At the 15:10
/// run sixteen accounts write at once: every collision parked a thread-pool thread for 150 ms, the pool starved, and
/// every loopback HTTP call of the run waited behind it (issue #19: 500 orders took 7-10 s). Here a writer waits for
/// its turn on an async semaphore instead, before SQLite is asked: a write transaction (EF's or a plain
/// <c>SaveChanges</c>/<c>ExecuteUpdate</c> without one) holds the gate from its first statement to its commit or
/// rollback. Reads never take it: WAL lets them run beside the writer. Writers in other processes (a backup, a
/// second instance by mistake) are still refused by SQLite's lock and wait as before. Raw ADO.NET transactions
/// opened on EF's connection (the instrument store's bulk load) are not seen and also wait as before.
/// </remarks>
internal sealed class SqliteWriteGate(TimeSpan timeout) : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor, IDisposable
{
    // SQLITE_BUSY: the same code SQLite gives a writer that waited out its timeout, so callers that tell a locked
    // database from other failures (the outcome recorder's background retry) treat a long wait here the same way.
    private const int SqliteBusy = 5;

    private readonly SemaphoreSlim _turn = new(1, 1);
    // Only connections holding the turn are here: an entry is added with the turn and removed when it is handed on.
    private readonly ConcurrentDictionary<DbConnection, HoldKind> _holders = new(ReferenceEqualityComparer.Instance);

    public void Dispose() => _turn.Dispose();

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(connection, HoldKind.Transaction);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, HoldKind.Transaction, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => LeaveTransaction(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveTransaction(eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => LeaveTransaction(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveTransaction(eventData);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        // A failed BEGIN or COMMIT ends the transaction; a failed savepoint operation does not.
        if (eventData.Action is "BeginTransaction" or "Commit" or "Rollback")
        {
            LeaveTransaction(eventData);
        }
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback is rolled back by SQLite's driver without telling EF's
    // interceptors; the connection closing right after (EF opened it for the transaction) hands the turn on.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    // A context disposed with its transaction still open disposes the connection without closing it first.
    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Leave(connection);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        EnterForStatement(command);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterForStatementAsync(command, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        LeaveStatement(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        LeaveStatement(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        EnterForStatement(command);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await EnterForStatementAsync(command, cancellationToken);
        return result;
    }

    // A reader's later statements (an INSERT … RETURNING batch) run as it is read: the turn is handed on when it closes.
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        LeaveStatement(command);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        LeaveStatement(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        LeaveStatement(command);
        return result;
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        LeaveStatement(command);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        LeaveStatement(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        EnterForStatement(command);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await EnterForStatementAsync(command, cancellationToken);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveStatement(command);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveStatement(command);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveStatement(command);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveStatement(command);
        return Task.CompletedTask;
    }

    /// <summary>Whether this process holds the turn now (tests).</summary>
    internal bool IsHeld => _turn.CurrentCount == 0;

    private void EnterForStatement(DbCommand command)
    {
        if (NeedsTurn(command))
        {
            Enter(command.Connection!, HoldKind.Statement);
        }
    }

    private Task EnterForStatementAsync(DbCommand command, CancellationToken cancellationToken) =>
        NeedsTurn(command) ? EnterAsync(command.Connection!, HoldKind.Statement, cancellationToken) : Task.CompletedTask;

    // Inside a transaction the turn is already held; a query outside one only reads.
    private bool NeedsTurn(DbCommand command) =>
        command.Connection is { } connection && command.Transaction is null && !_holders.ContainsKey(connection) && SqlStatements.MayWrite(command.CommandText);

    private void LeaveStatement(DbCommand command)
    {
        if (command.Connection is { } connection && _holders.TryGetValue(connection, out var kind) && kind == HoldKind.Statement)
        {
            Leave(connection);
        }
    }

    private void Enter(DbConnection connection, HoldKind kind)
    {
        if (_holders.ContainsKey(connection))
        {
            return;
        }

        if (!_turn.Wait(timeout))
        {
            throw Busy();
        }

        _holders[connection] = kind;
    }

    private async Task EnterAsync(DbConnection connection, HoldKind kind, CancellationToken cancellationToken)
    {
        if (_holders.ContainsKey(connection))
        {
            return;
        }

        if (!await _turn.WaitAsync(timeout, cancellationToken))
        {
            throw Busy();
        }

        _holders[connection] = kind;
    }

    // SQLite's transaction forgets its connection once it ends; the context that ran it still knows it.
    private void LeaveTransaction(TransactionEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            Leave(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(context.Database));
        }
    }

    private void Leave(DbConnection connection)
    {
        // Only the first of commit, close and failure finds the entry: the turn is handed on once per take.
        if (_holders.TryRemove(connection, out _))
        {
            _turn.Release();
        }
    }

    private SqliteException Busy() =>
        new($"The database is locked: another write of this app held it for longer than {timeout.TotalSeconds:0} s (Storage:BusyTimeout).", SqliteBusy);

    private enum HoldKind
    {
        None,
        Transaction,
        Statement,
    }
}
