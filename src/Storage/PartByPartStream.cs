namespace ImagePipeline.Storage;

/// <summary>
/// The written parts of a <see cref="PartedBlob"/> read as one stream, each part's blob opened when the one before it
/// ends; a missing part throws <see cref="BlobNotFoundException"/> when the read reaches it.
/// </summary>
/// <remarks>
/// A synchronous read that reaches a part opens it synchronously. The stores that keep parts this way are the
/// file-system and memory ones, whose opens do not wait on a network (and Azure's only beyond its block limit).
/// </remarks>
internal sealed class PartByPartStream(IBlobStore store, PartedBlob blob, CancellationToken cancellationToken) : Stream
{
    readonly IReadOnlyList<int> _parts = blob.WrittenParts;
    int _nextPart;
    Stream? _current;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_nextPart == _parts.Count)
                    return 0;
                _current = store.OpenReadAsync(blob.PartKey(_parts[_nextPart++]), cancellationToken).GetAwaiter().GetResult();
            }

            var read = _current.Read(buffer);
            if (read > 0 || buffer.IsEmpty)
                return read;
            _current.Dispose();
            _current = null;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_nextPart == _parts.Count)
                    return 0;
                _current = await store.OpenReadAsync(blob.PartKey(_parts[_nextPart++]), token).ConfigureAwait(false);
            }

            var read = await _current.ReadAsync(buffer, token).ConfigureAwait(false);
            if (read > 0 || buffer.IsEmpty)
                return read;
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
        ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
