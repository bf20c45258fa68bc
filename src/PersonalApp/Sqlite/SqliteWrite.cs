using Microsoft.Data.Sqlite;

namespace PersonalApp.Sqlite;

/// <summary>
/// One write transaction, taken in its turn from the file's <see cref="SqliteWriteQueue"/>: the connection, the
/// transaction (<c>BEGIN IMMEDIATE</c>), and the turn, given back in that order when disposed. Uncommitted work is rolled back.
/// </summary>
internal sealed class SqliteWrite : IDisposable
{
    private readonly SqliteWriteQueue _queue;
    private bool _disposed;

    private SqliteWrite(SqliteWriteQueue queue, SqliteConnection connection, SqliteTransaction transaction)
    {
        _queue = queue;
        Connection = connection;
        Transaction = transaction;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction { get; }

    /// <summary>
    /// Waits for the file's writer turn (at most <paramref name="wait"/>), then opens a connection with
    /// <paramref name="connect"/> and begins the transaction. A wait that runs out throws a <see cref="SqliteException"/>
    /// with SQLite's busy code, as a locked file would, so callers treat both alike.
    /// </summary>
    public static SqliteWrite Begin(SqliteWriteQueue queue, Func<SqliteConnection> connect, TimeSpan wait)
    {
        var started = Environment.TickCount64;
        if (!queue.TryEnter(wait))
        {
            throw new SqliteException($"The store was busy with other writes for longer than {wait.TotalMilliseconds:N0} ms; nothing was written. Try again.", 5);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = connect();

            // Another process may hold the file: SQLite's own busy wait gets what is left, in whole seconds (the driver's
            // unit), at least one: a wait of less than a second for another process's lock takes a second.
            var left = wait - TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
            connection.DefaultTimeout = Math.Clamp((int)left.TotalSeconds, 1, connection.DefaultTimeout);
            return new SqliteWrite(queue, connection, connection.BeginTransaction());
        }
        catch
        {
            connection?.Dispose();
            queue.Exit();
            throw;
        }
    }

    public void Deconstruct(out SqliteConnection connection, out SqliteTransaction transaction)
    {
        connection = Connection;
        transaction = Transaction;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Transaction.Dispose();
            Connection.Dispose();
        }
        finally
        {
            _queue.Exit();
        }
    }
}
