using System.Collections.Concurrent;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Client.Submitting;

/// <summary>
/// Stores one input and queues its first pass's tile commands. Small images, and chains that must see
/// whole images, travel whole as the original file; larger ones are decoded here once and cut into raw
/// tiles with halos, which every pass of the chain reads again; small tiles share a blob and a command
/// (<see cref="ImageLayout.Packs"/>). Each command is queued as soon as the blob holding its input is stored, so processors
/// start on a large image while the rest of it is still being cut; two uploads are in flight at once.
/// </summary>
internal sealed class ImagePreparer(IBlobStore blobs, ResultCache cache, InputLimits limits, OutputEncoding? outputEncoding = null,
    ResultCaching caching = ResultCaching.Reuse, JobPriority priority = JobPriority.Batch)
{
    /// <param name="FromCache">True when the output was copied from an earlier identical run: nothing is queued.</param>
    public sealed record Prepared(ManifestImage Image, bool FromCache = false);

    /// <param name="queueTile">Sends one tile command; called for each command once its input is stored.</param>
    public async Task<Prepared> PrepareAsync(ImageSlot slot, OperationChain operation, int tileSize,
        Func<ProcessTile, CancellationToken, Task> queueTile, CancellationToken cancellationToken)
    {
        ImageHeader header;
        try
        {
            limits.EnsureFileSize(new FileInfo(slot.SourcePath).Length);
            using (var probe = File.OpenRead(slot.SourcePath))
                header = ImageProbe.ReadHeader(probe);
            ImageLimits.EnsureWithin(header, limits.MaxPixels);
        }
        catch (Exception exception) when (exception is InvalidImageException or IOException or UnauthorizedAccessException)
        {
            return Rejected(slot, exception.Message);
        }

        string? cacheKey = null;
        if (caching != ResultCaching.Off)
        {
            try
            {
                cacheKey = await ResultCache.KeyForAsync(slot.SourcePath, operation, Encoding, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return Rejected(slot, exception.Message);
            }

            if (caching == ResultCaching.Reuse && await cache.TryServeAsync(cacheKey, slot.OutputKey, cancellationToken).ConfigureAwait(false))
                return new Prepared(slot.ToManifest() with { Width = header.Width, Height = header.Height, FromCache = true }, FromCache: true);
        }

        var wholeImage = IsWhole(operation, header, tileSize);
        if (!limits.TryReserveTiles(wholeImage ? 1 : InputLimits.TilesFor(header, tileSize)))
            return Rejected(slot, limits.TileBudgetExceededReason);

        if (wholeImage)
            return await PrepareWholeAsync(slot, header, operation, cacheKey, queueTile, cancellationToken).ConfigureAwait(false);

        // Decoded from the file, not from its bytes read first: a giant image's encoded bytes would
        // otherwise stay in memory beside its pixels for as long as its tiles are being cut.
        Mat decoded;
        try
        {
            decoded = ImageCodec.DecodeBgrFile(slot.SourcePath);
        }
        catch (Exception exception) when (exception is InvalidImageException or IOException or UnauthorizedAccessException)
        {
            return Rejected(slot, exception.Message);
        }

        using (decoded)
            return await PrepareTiledAsync(slot, decoded, operation, tileSize, cacheKey, queueTile, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the manifest says of an image that an earlier submitter of the job queued (<c>submit --resume</c>), read from
    /// its header: nothing is stored or queued. Its tiles are counted from the header as the tile budget counts them (the
    /// larger of both ways round), since decoding it only to learn an EXIF turn would cost a decode per image.
    /// </summary>
    public ManifestImage DescribeQueued(ImageSlot slot, OperationChain operation, int tileSize)
    {
        ImageHeader header;
        try
        {
            using var probe = File.OpenRead(slot.SourcePath);
            header = ImageProbe.ReadHeader(probe);
        }
        catch (Exception exception) when (exception is InvalidImageException or IOException or UnauthorizedAccessException)
        {
            // Its first submitter read it, and the job saga has its outcome: the manifest only lacks its size.
            return slot.ToManifest();
        }

        var whole = IsWhole(operation, header, tileSize);
        var tiles = whole ? 1 : InputLimits.TilesFor(header, tileSize);
        limits.TryReserveTiles(tiles);
        return slot.ToManifest() with { Width = header.Width, Height = header.Height, TileCount = tiles, Passes = whole ? 1 : operation.Passes.Count };
    }

    static bool IsWhole(OperationChain operation, ImageHeader header, int tileSize) =>
        operation.IsGlobal || (header.Width <= tileSize && header.Height <= tileSize);

    async Task<Prepared> PrepareWholeAsync(ImageSlot slot, ImageHeader header, OperationChain operation, string? cacheKey,
        Func<ProcessTile, CancellationToken, Task> queueTile, CancellationToken cancellationToken)
    {
        var layout = ImageLayout.Of(slot.Image, Recipe(slot, operation, tiling: null, passCount: 1, cacheKey));
        // Stored as the file is: the worker decodes it. A thrown-away store links the file instead of copying it.
        try
        {
            await blobs.UploadFileAsync(layout.Source, slot.SourcePath, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // The file went away or became unreadable since it was probed: that image fails, not the job.
            return Rejected(slot, exception.Message);
        }

        await queueTile(layout.CommandsFor(pass: 0).Single(), cancellationToken).ConfigureAwait(false);
        return Accepted(slot, header.Width, header.Height, tileCount: 1, passes: 1);
    }

    async Task<Prepared> PrepareTiledAsync(ImageSlot slot, Mat image, OperationChain operation, int tileSize, string? cacheKey,
        Func<ProcessTile, CancellationToken, Task> queueTile, CancellationToken cancellationToken)
    {
        var tiling = ImageLayout.Tiling(image.Width, image.Height, tileSize, operation.Halo, image.Channels());
        var layout = ImageLayout.Of(slot.Image, Recipe(slot, operation, tiling, operation.Passes.Count, cacheKey));
        var commands = layout.CommandsFor(pass: 0);
        var packs = layout.Packs;
        // Two buffers, each sized for the largest pack, serve every pack in turn (a new growing stream per
        // pack would leave about twice the pack of garbage each time, hundreds of MB over a giant image):
        // one pack is cut while the other is uploaded.
        var largest = packs.Max(pack => pack.Length);
        var buffers = new ConcurrentBag<MemoryStream>();
        try
        {
            var parallelism = new ParallelOptions { MaxDegreeOfParallelism = UploadsInFlight, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(packs, parallelism, async (pack, token) =>
            {
                var buffer = buffers.TryTake(out var free) ? free : new MemoryStream(checked((int)largest));
                try
                {
                    buffer.SetLength(0);
                    for (var tile = pack.FirstTile; tile < pack.FirstTile + pack.TileCount; tile++)
                    {
                        var source = layout.Tiles[tile].Source;
                        using var view = new Mat(image, new Rect(source.X, source.Y, source.Width, source.Height));
                        RawTileFormat.Write(view, buffer);
                    }

                    buffer.Position = 0;
                    await blobs.UploadAsync(layout.InputPackKey(pack), buffer, BlobWriteCondition.None, token)
                        .ConfigureAwait(false);
                }
                finally
                {
                    buffers.Add(buffer);
                }

                await queueTile(commands[pack.Index], token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var buffer in buffers)
                buffer.Dispose();
        }

        return Accepted(slot, image.Width, image.Height, layout.TileCount, operation.Passes.Count);
    }

    const int UploadsInFlight = 2;

    OutputEncoding Encoding => outputEncoding ?? new OutputEncoding();

    ImageRecipe Recipe(ImageSlot slot, OperationChain operation, ImageTiling? tiling, int passCount, string? cacheKey) => new()
    {
        Operation = operation.Name,
        Tiling = tiling,
        PassCount = passCount,
        OutputKey = slot.OutputKey,
        OutputEncoding = Encoding,
        ResultCacheKey = cacheKey,
        Priority = priority,
    };

    static Prepared Accepted(ImageSlot slot, int width, int height, int tileCount, int passes) =>
        new(slot.ToManifest() with { Width = width, Height = height, TileCount = tileCount, Passes = passes });

    static Prepared Rejected(ImageSlot slot, string reason) => new(slot.ToManifest() with { RejectedReason = reason });
}
