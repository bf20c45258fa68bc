using System.Collections.Concurrent;
using PersonalApp.Sqlite;

namespace PersonalApp.Tests.Storage;

/// <summary>The one writer of a SQLite file: first come, first served; a writer whose wait runs out holds nothing.</summary>
public sealed class SqliteWriteQueueTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public void TryEnter_ThreeWritersQueuedBehindAFourth_EnterInTheOrderTheyCame()
    {
        var queue = SqliteWriteQueue.For(UniquePath());
        Assert.True(queue.TryEnter(Long));
        var order = new ConcurrentQueue<int>();
        var writers = new List<Thread>();
        for (var i = 1; i <= 3; i++)
        {
            var id = i;
            var waitsBefore = queue.Waits;
            var thread = new Thread(() =>
            {
                Assert.True(queue.TryEnter(Long));
                order.Enqueue(id);
                queue.Exit();
            });
            thread.Start();
            writers.Add(thread);

            // The next writer starts only once this one is in line.
            SpinWait.SpinUntil(() => queue.Waits > waitsBefore, Long);
        }

        queue.Exit();
        writers.ForEach(t => t.Join());

        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public void TryEnter_WaitRunsOut_ReturnsFalseAndTheNextWriterStillGetsItsTurn()
    {
        var queue = SqliteWriteQueue.For(UniquePath());
        Assert.True(queue.TryEnter(Long));

        Assert.False(queue.TryEnter(TimeSpan.FromMilliseconds(20)));

        var entered = new ManualResetEventSlim();
        var next = new Thread(() =>
        {
            Assert.True(queue.TryEnter(Long));
            entered.Set();
            queue.Exit();
        });
        var waitsBefore = queue.Waits;
        next.Start();
        SpinWait.SpinUntil(() => queue.Waits > waitsBefore, Long);
        queue.Exit();
        next.Join();

        Assert.True(entered.IsSet);
        Assert.True(queue.TryEnter(TimeSpan.Zero), "the queue must be free again once every writer left");
        queue.Exit();
    }

    [Fact]
    public void For_SamePathTwice_IsOneQueue()
    {
        var path = UniquePath();
        Assert.Same(SqliteWriteQueue.For(path), SqliteWriteQueue.For(path));
        Assert.NotSame(SqliteWriteQueue.For(path), SqliteWriteQueue.For(UniquePath()));
    }

    private static string UniquePath() => Path.Combine(Path.GetTempPath(), "pa-queue-" + Guid.NewGuid().ToString("N") + ".db");
}
