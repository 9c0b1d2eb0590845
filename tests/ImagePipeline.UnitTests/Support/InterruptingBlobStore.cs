using System.Collections.Concurrent;
using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Support;

/// <summary>
/// A real store whose ranged reads (<see cref="IBlobStore.OpenReadFromAsync"/>) break off after <c>cutAfter</c> bytes,
/// the first <c>interruptions</c> times: with a reset connection, or by stalling until cancelled. Records where each read began.
/// </summary>
internal sealed class InterruptingBlobStore(IBlobStore inner, int interruptions, long cutAfter, bool stall = false) : ForwardingBlobStore(inner), IBlobStore
{
    readonly ConcurrentQueue<long> _offsets = new();
    int _left = interruptions;

    /// <summary>The offsets that ranged reads began at, in order.</summary>
    public IReadOnlyList<long> Offsets => [.. _offsets];

    /// <summary>Completes when a read has stalled.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<VersionedBlobStream> OpenReadFromAsync(string key, long offset, CancellationToken cancellationToken)
    {
        _offsets.Enqueue(offset);
        var read = await Inner.OpenReadFromAsync(key, offset, cancellationToken);
        if (Interlocked.Decrement(ref _left) < 0)
            return read;
        return new VersionedBlobStream(new BreakingStream(read.Content, cutAfter, stall ? Stalled : null), read.ETag, read.Length);
    }


    /// <summary>Passes on <paramref name="cutAfter"/> bytes, then fails as a reset connection does, or stalls until cancelled.</summary>
    sealed class BreakingStream(Stream inner, long cutAfter, TaskCompletionSource? stalled) : Stream
    {
        long _passed;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_passed >= cutAfter)
            {
                if (stalled is null)
                    throw new IOException("Unable to read data from the transport connection: Connection reset by peer.");
                stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, cutAfter - _passed)], cancellationToken);
            _passed += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
