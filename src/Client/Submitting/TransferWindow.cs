namespace ImagePipeline.Client.Submitting;

/// <summary>
/// How many tile uploads by the submitter to keep in flight at once.
/// A small tile's transfer is all request latency, so several go at once; a large tile is held in memory
/// while in flight, so the window is bounded by <see cref="MaxBytesInFlight"/> (and is never below one).
/// </summary>
internal static class TransferWindow
{
    internal const long MaxBytesInFlight = 32L * 1024 * 1024;
    internal const int MaxTransfers = 8;

    /// <summary>2 for 2048 px colour tiles (12.6 MB each), 8 for tiles of 1 MB and less.</summary>
    public static int For(long bytesPerTile) => (int)Math.Clamp(MaxBytesInFlight / Math.Max(1, bytesPerTile), 1, MaxTransfers);
}
