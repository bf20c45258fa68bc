namespace PersonalApp.Isolation;

/// <summary>
/// Wraps a worker's standard output and fails once more bytes than the budget arrive for one call, so a worker that
/// floods its output (a bug, or code that escaped the sandbox) cannot take the host's memory.
/// </summary>
internal sealed class CappedReadStream : Stream
{
    private readonly Stream _inner;
    private long _budget;
    private long _left;

    public CappedReadStream(Stream inner, long budget)
    {
        _inner = inner;
        _budget = budget;
        _left = budget;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Gives the next call a fresh budget.</summary>
    public void Reset(long budget)
    {
        _budget = budget;
        Interlocked.Exchange(ref _left, budget);
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        if (Interlocked.Add(ref _left, -read) < 0)
        {
            throw new IOException($"The worker sent more than {_budget:N0} bytes for one call; it was stopped.");
        }

        return read;
    }
}
