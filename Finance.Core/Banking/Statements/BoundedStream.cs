namespace Finance.Core.Banking.Statements;

/// <summary>
/// A read-only view that refuses to deliver more than a given number of bytes: the limit holds for streams that do not
/// know their length (network, ZIP entries whose header lies about the size).
/// </summary>
internal sealed class BoundedStream(Stream inner, long maxBytes, string what) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _read += n;
        if (_read > maxBytes)
        {
            throw new StatementRejectedException(StatementRejection.TooLarge, $"{what} is larger than the limit of {maxBytes:N0} bytes.");
        }
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
