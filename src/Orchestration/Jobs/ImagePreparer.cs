using System.Collections.Concurrent;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Jobs;

/// <summary>
/// Stores one input and queues its first pass's tile commands. Small images, and chains that must see
/// whole images, travel whole as the original file; larger ones are decoded here once and cut into raw
/// tiles with halos, which every pass of the chain reads again; small tiles share a blob and a command
/// (<see cref="InputPacks"/>). Each command is queued as soon as the blob holding its input is stored, so processors
/// start on a large image while the rest of it is still being cut; two uploads are in flight at once.
/// </summary>
internal sealed class ImagePreparer(IBlobStore blobs, InputLimits limits, OutputEncoding? outputEncoding = null,
    ResultCaching caching = ResultCaching.Reuse)
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

            if (caching == ResultCaching.Reuse && await ResultCache.TryServeAsync(blobs, cacheKey, slot.OutputKey, cancellationToken).ConfigureAwait(false))
                return new Prepared(slot.ToManifest() with { Width = header.Width, Height = header.Height, FromCache = true }, FromCache: true);
        }

        var wholeImage = operation.IsGlobal || (header.Width <= tileSize && header.Height <= tileSize);
        if (!limits.TryReserveTiles(wholeImage ? 1 : InputLimits.TilesFor(header, tileSize)))
            return Rejected(slot, limits.TileBudgetExceededReason);

        if (wholeImage)
            return await PrepareWholeAsync(slot, header, operation, tileSize, cacheKey, queueTile, cancellationToken).ConfigureAwait(false);

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

    async Task<Prepared> PrepareWholeAsync(ImageSlot slot, ImageHeader header, OperationChain operation, int tileSize,
        string? cacheKey, Func<ProcessTile, CancellationToken, Task> queueTile, CancellationToken cancellationToken)
    {
        // Stored as the file is: the worker decodes it. A thrown-away store links the file instead of copying it.
        var sourceKey = JobKeys.Source(slot.JobId, slot.Index);
        try
        {
            await blobs.UploadFileAsync(sourceKey, slot.SourcePath, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // The file went away or became unreadable since it was probed: that image fails, not the job.
            return Rejected(slot, exception.Message);
        }

        var geometry = new ImageGeometry { Width = header.Width, Height = header.Height, TileSize = tileSize, TileCount = 1 };
        var tile = new ProcessTile
        {
            JobId = slot.JobId,
            ImageId = slot.ImageId,
            ImageIndex = slot.Index,
            ImageCount = slot.ImageCount,
            TileIndex = 0,
            Geometry = geometry,
            Operation = operation.Name,
            InputKey = sourceKey,
            InputKind = TileInputKind.EncodedImage,
            Keep = new TileRegion { X = 0, Y = 0, Width = header.Width, Height = header.Height },
            ResultKey = slot.OutputKey,
            OutputKey = slot.OutputKey,
            IsWholeImage = true,
            OutputEncoding = Encoding,
            ResultCacheKey = cacheKey,
        };
        await queueTile(tile, cancellationToken).ConfigureAwait(false);
        return Accepted(slot, geometry, passes: 1);
    }

    async Task<Prepared> PrepareTiledAsync(ImageSlot slot, Mat image, OperationChain operation, int tileSize, string? cacheKey,
        Func<ProcessTile, CancellationToken, Task> queueTile, CancellationToken cancellationToken)
    {
        if (image.Channels() != InputPacks.SourceChannels)
            throw new InvalidOperationException($"Tiles are cut from {InputPacks.SourceChannels}-channel images; this one has {image.Channels()}.");
        var plan = TilePlanner.Plan(image.Width, image.Height, tileSize, operation.Halo);
        var geometry = new ImageGeometry { Width = image.Width, Height = image.Height, TileSize = tileSize, TileCount = plan.Count };
        var tiled = new TiledImage(slot.JobId, slot.ImageId, slot.Index, slot.ImageCount, geometry, slot.OutputKey, Encoding, cacheKey);
        var commands = tiled.CommandsFor(operation, pass: 0);
        var packs = InputPacks.Of(plan);
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
                        var source = plan[tile].Source;
                        using var view = new Mat(image, new Rect(source.X, source.Y, source.Width, source.Height));
                        RawTileFormat.Write(view, buffer);
                    }

                    buffer.Position = 0;
                    await blobs.UploadAsync(JobKeys.InputPack(slot.JobId, slot.Index, pack.Index), buffer, BlobWriteCondition.None, token)
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

        return Accepted(slot, geometry, operation.Passes.Count);
    }

    const int UploadsInFlight = 2;

    OutputEncoding Encoding => outputEncoding ?? new OutputEncoding();

    static Prepared Accepted(ImageSlot slot, ImageGeometry geometry, int passes) =>
        new(slot.ToManifest() with { Width = geometry.Width, Height = geometry.Height, TileCount = geometry.TileCount, Passes = passes });

    static Prepared Rejected(ImageSlot slot, string reason) => new(slot.ToManifest() with { RejectedReason = reason });
}
