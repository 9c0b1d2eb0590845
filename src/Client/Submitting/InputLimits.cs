using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Protocol;

namespace ImagePipeline.Client.Submitting;

/// <summary>
/// One job's resource limits, checked before anything is read or queued: file size, pixel count
/// (from the header) and tiles per job, the last shared by the images being prepared in parallel.
/// </summary>
internal sealed class InputLimits(ProcessingOptions options)
{
    int _tilesReserved;

    public long MaxPixels => options.MaxPixels;

    public string TileBudgetExceededReason =>
        $"the job would queue more than {options.MaxTilesPerJob} tiles (Processing:MaxTilesPerJob); submit fewer or smaller images, or larger tiles";

    /// <exception cref="InvalidImageException">The file is larger than allowed.</exception>
    public void EnsureFileSize(long bytes)
    {
        if (bytes > options.MaxFileBytes)
            throw new InvalidImageException($"the file is {bytes} bytes, above the limit of {options.MaxFileBytes} (Processing:MaxFileBytes)");
    }

    /// <summary>Takes <paramref name="tiles"/> from the job's budget; false, taking nothing, when they do not fit.</summary>
    public bool TryReserveTiles(int tiles)
    {
        while (true)
        {
            var reserved = Volatile.Read(ref _tilesReserved);
            if ((long)reserved + tiles > options.MaxTilesPerJob)
                return false;
            if (Interlocked.CompareExchange(ref _tilesReserved, reserved + tiles, reserved) == reserved)
                return true;
        }
    }

    /// <summary>Tiles of an image, from its header; decoding may turn it a quarter (EXIF), so the larger of both ways.</summary>
    public static int TilesFor(ImageHeader header, int tileSize)
    {
        static long Count(long width, long height, int size) => ((width + size - 1) / size) * ((height + size - 1) / size);
        return (int)Math.Min(int.MaxValue, Math.Max(Count(header.Width, header.Height, tileSize), Count(header.Height, header.Width, tileSize)));
    }
}
