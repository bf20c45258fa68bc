using System.Collections.Concurrent;

namespace PersonalApp.Sqlite;

/// <summary>
/// The one writer of a SQLite file in this process: write transactions take their turn first come, first served, so
/// they never wait on SQLite's busy handler for each other (which retries every 150 ms, unfairly, for up to 30 s).
/// A waiter gives up when its wait runs out, and the writers behind it move up. One queue per file, shared by every
/// catalog object of the process that opens it; another process on the same file still meets SQLite's busy timeout.
/// </summary>
internal sealed class SqliteWriteQueue
{
    private static readonly ConcurrentDictionary<string, SqliteWriteQueue> ByPath = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private bool _held;
    private long _waits;

    private SqliteWriteQueue()
    {
    }

    /// <summary>Gets how many writes had to wait for another to finish since start-up. For tests and diagnostics.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>The queue of the database file at <paramref name="path"/> (a full path).</summary>
    public static SqliteWriteQueue For(string path) => ByPath.GetOrAdd(path, static _ => new SqliteWriteQueue());

    /// <summary>Waits for this writer's turn, at most <paramref name="wait"/>; false when the wait ran out (nothing is held then).</summary>
    public bool TryEnter(TimeSpan wait)
    {
        Waiter me;
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            if (!_held && _waiting.Count == 0)
            {
                _held = true;
                return true;
            }

            me = new Waiter();
            node = _waiting.AddLast(me);
        }

        Interlocked.Increment(ref _waits);
        try
        {
            me.Turn.Wait(wait <= TimeSpan.Zero ? TimeSpan.Zero : wait);
            lock (_gate)
            {
                if (me.Granted)
                {
                    return true;
                }

                _waiting.Remove(node);
                return false;
            }
        }
        finally
        {
            me.Turn.Dispose();
        }
    }

    /// <summary>Ends this writer's turn and hands it to the next in line, if any.</summary>
    public void Exit()
    {
        lock (_gate)
        {
            if (_waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                next.Value.Granted = true;
                next.Value.Turn.Set();
            }
            else
            {
                _held = false;
            }
        }
    }

    private sealed class Waiter
    {
        public ManualResetEventSlim Turn { get; } = new(false);

        public bool Granted { get; set; }
    }
}
