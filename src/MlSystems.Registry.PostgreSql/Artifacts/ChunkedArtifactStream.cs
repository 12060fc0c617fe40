namespace MlSystems.Registry.PostgreSql;

/// <summary>
/// A published artifact read one chunk row at a time, so reading holds at most one chunk in memory whatever the
/// artifact's size. Forward-only; the registry verifies the digest over what it reads.
/// </summary>
internal sealed class ChunkedArtifactStream(PostgreSqlArtifacts artifacts, string digest, long length, int chunkSize) : Stream
{
    private byte[] chunk = [];
    private int chunkIndex = -1;
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException("An artifact stream reads forward only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        int index = (int)(position / chunkSize);
        if (index != chunkIndex)
        {
            Accept(index, artifacts.ReadChunk(digest, index));
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        int index = (int)(position / chunkSize);
        if (index != chunkIndex)
        {
            Accept(index, await artifacts.ReadChunkAsync(digest, index, cancellationToken).ConfigureAwait(false));
        }

        return CopyOut(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An artifact stream reads forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("An artifact stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An artifact stream is read-only.");

    private void Accept(int index, byte[]? data)
    {
        long expected = Math.Min(chunkSize, length - ((long)index * chunkSize));
        if (data is null || data.Length != expected)
        {
            throw new IOException($"Artifact {digest}: chunk {index} is {(data is null ? "missing" : $"{data.Length} bytes")}, expected {expected} bytes (deleted or damaged while being read).");
        }

        chunk = data;
        chunkIndex = index;
    }

    private int CopyOut(Span<byte> buffer)
    {
        int offset = (int)(position - ((long)chunkIndex * chunkSize));
        int count = Math.Min(buffer.Length, chunk.Length - offset);
        chunk.AsSpan(offset, count).CopyTo(buffer);
        position += count;
        return count;
    }
}
