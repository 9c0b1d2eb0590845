namespace ImagePipeline.Storage;

/// <summary>
/// Serializes the commit step of writes and deletes within one folder of the file-system store,
/// across threads (striped semaphores) and, unless the store belongs to one process, across processes
/// (an exclusive lock file: .NET takes an advisory <c>flock</c> for <see cref="FileShare.None"/> on Unix).
/// It is held only to check a condition and rename, never while content is copied.
/// </summary>
internal sealed class FolderLock : IDisposable
{
    /// <summary>Not a valid key segment ('~'), so it can never collide with a blob or be listed.</summary>
    public const string FileName = "~lock";

    // What a refused exclusive open reports: EWOULDBLOCK from flock on Linux (11) and macOS (35), a sharing violation on Windows.
    private static readonly int[] HeldElsewhere = [11, 35, unchecked((int)0x80070020)];
    private const int MaxDelayMilliseconds = 20;

    private static readonly SemaphoreSlim[] Stripes =
        Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    private readonly SemaphoreSlim stripe;
    private readonly FileStream? file;

    private FolderLock(SemaphoreSlim stripe, FileStream? file)
    {
        this.stripe = stripe;
        this.file = file;
    }

    /// <param name="folder">The folder whose commits are serialized.</param>
    /// <param name="acrossProcesses">
    /// False when no other process uses the folder (a store private to this one): the lock file is then
    /// skipped, which saves an open, a <c>flock</c> and a close on every write and delete.
    /// </param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public static async Task<FolderLock> AcquireAsync(string folder, bool acrossProcesses, CancellationToken cancellationToken)
    {
        var stripe = Stripes[(StringComparer.Ordinal.GetHashCode(folder) & int.MaxValue) % Stripes.Length];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!acrossProcesses)
            return new FolderLock(stripe, file: null);
        try
        {
            var path = Path.Join(folder, FileName);
            for (var delay = 1; ; delay = Math.Min(delay * 2, MaxDelayMilliseconds))
            {
                try
                {
                    return new FolderLock(stripe, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
                }
                catch (IOException e) when (HeldElsewhere.Contains(e.HResult))
                {
                    // Another process holds it; the commit it guards takes microseconds.
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            stripe.Release();
            throw;
        }
    }

    public void Dispose()
    {
        file?.Dispose();
        stripe.Release();
    }
}
