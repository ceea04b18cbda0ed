namespace SockScope.Cli;

/// <summary>
/// Wraps standard output: when the reader of the pipe goes away (`| head`), writes fail with an
/// IOException; this records it, swallows further writes and lets the loop stop quietly, as
/// tcpdump does when SIGPIPE ends it.
/// </summary>
internal sealed class ClosedPipeGuardStream(Stream inner) : Stream
{
    private volatile bool _closed;

    /// <summary>True once a write failed because the other end is gone.</summary>
    public bool IsClosed => _closed;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_closed) return;
        try
        {
            inner.Write(buffer);
        }
        catch (IOException)
        {
            _closed = true;
        }
    }

    public override void Flush()
    {
        if (_closed) return;
        try
        {
            inner.Flush();
        }
        catch (IOException)
        {
            _closed = true;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
