using System.Buffers;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Orchestration.Cancellation;
using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Orchestration.Passes;
using ImagePipeline.Storage;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>
/// Does a tile command's work: read its input, apply the operation chain, keep the core, store the result; in a
/// pass before the last of a chain with global steps, store the tile's statistics instead. A command may cover a
/// run of small tiles that share one input blob: the blob is read once and its tiles processed in turn.
/// </summary>
public sealed class TileWorker(IBlobStore blobs, CancellationMarkers cancellations, IOptions<ProcessingOptions> options)
{
    /// <returns>
    /// False when the command was dropped: its image had ended (assembled, or failed) and its input was removed,
    /// so there is nothing to process and nothing to report.
    /// </returns>
    /// <exception cref="InvalidImageException">The input or the operation spec cannot be processed, ever.</exception>
    public async Task<bool> ProcessAsync(ProcessTile command, CancellationToken cancellationToken)
    {
        // A cancelled job's queued tiles are drained here: nothing processed, nothing written.
        await cancellations.ThrowIfCancelledAsync(command.JobId, cancellationToken).ConfigureAwait(false);

        var operation = QueuedOperation.Parse(command.Operation);
        if (command.TileRunLength != 1)
            return await ProcessRunAsync(command, operation, cancellationToken).ConfigureAwait(false);

        using var input = await UnlessImageEndedAsync(command, () => ReadInputAsync(command, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (input is null)
            return false;
        if (command.IsWholeImage)
        {
            // Kept whole: a geometric step may have changed the size.
            using var output = operation.Apply(input);
            await OutputWriter.WriteOnceAsync(blobs, command.OutputKey, output, command.OutputEncoding, command.ResultCacheKey,
                cancellationToken).ConfigureAwait(false);
            return true;
        }

        var parameters = await ReadPassParametersAsync(command, operation, cancellationToken).ConfigureAwait(false);
        using var result = ProcessTile(command, operation, parameters, input, out var statistics);
        await StoreAsync(command, result is null ? [] : [result], statistics is null ? [] : [statistics], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// A run of small tiles: their pack holds them end to end in index order (<see cref="InputPacks"/>), and each
    /// tile's core within its input follows from the tile plan, which the operation's halo and the geometry fix.
    /// </summary>
    async Task<bool> ProcessRunAsync(ProcessTile command, OperationChain operation, CancellationToken cancellationToken)
    {
        var geometry = command.Geometry;
        if (command.IsWholeImage || command.InputKind != TileInputKind.RawTile || command.InputRange is not null)
            throw new InvalidImageException("only the raw tiles of a whole input pack are processed as a run");
        var plan = TilePlanner.Plan(geometry.Width, geometry.Height, geometry.TileSize, operation.Halo);
        if (plan.Count != geometry.TileCount || command.TileRunLength < 1 || command.TileIndex < 0
            || command.TileIndex + command.TileRunLength > plan.Count)
            throw new InvalidImageException($"tiles {command.TileIndex} to {command.TileIndex + command.TileRunLength - 1} do not fit an image of {geometry.TileCount} tiles");

        var run = plan.Skip(command.TileIndex).Take(command.TileRunLength).ToArray();
        var expected = checked((int)run.Sum(InputPacks.RawLengthOf));
        // Pooled, like a result's buffer: a pack is up to 1 MiB, which would otherwise be garbage on the large object heap.
        var packed = ArrayPool<byte>.Shared.Rent(expected + 1);
        try
        {
            var length = await UnlessImageEndedAsync(command, () => ReadPackAsync(command.InputKey, packed.AsMemory(0, expected + 1), cancellationToken),
                cancellationToken).ConfigureAwait(false);
            if (length is null)
                return false;
            // Checked before any tile is processed: a pack that is not the one this run was cut into fails as a whole.
            if (length != expected)
            {
                var held = length > expected ? $"more than the {expected} bytes" : $"{length} bytes, not the {expected}";
                throw new InvalidImageException($"the input pack of tiles {command.TileIndex} to {command.TileIndex + command.TileRunLength - 1} holds {held} of those tiles");
            }

            using var pack = new MemoryStream(packed, 0, expected, writable: false);
            await ProcessRunTilesAsync(command, operation, run, pack, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    /// <summary>Reads a pack into <paramref name="buffer"/>; how many bytes it held, up to the buffer's length.</summary>
    async Task<int?> ReadPackAsync(string key, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var stream = await blobs.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
            return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each tile of a run in turn, read from its pack; what they yield (results, or statistics) stored together.</summary>
    async Task ProcessRunTilesAsync(ProcessTile command, OperationChain operation, TileSpec[] run, MemoryStream pack, CancellationToken cancellationToken)
    {
        var parameters = await ReadPassParametersAsync(command, operation, cancellationToken).ConfigureAwait(false);
        var results = new List<Mat>(run.Length);
        var statistics = new List<byte[]>(run.Length);
        try
        {
            foreach (var spec in run)
            {
                using var input = RawTileFormat.ReadNext(pack);
                if ((input.Width, input.Height) != (spec.Source.Width, spec.Source.Height))
                    throw new InvalidImageException($"tile {spec.Index} of the input pack is {input.Width} x {input.Height}, not {spec.Source.Width} x {spec.Source.Height}");
                var keep = spec.CoreWithinSource;
                var tile = command with
                {
                    TileIndex = spec.Index,
                    TileRunLength = 1,
                    Keep = new TileRegion { X = keep.X, Y = keep.Y, Width = keep.Width, Height = keep.Height },
                };
                if (ProcessTile(tile, operation, parameters, input, out var tileStatistics) is { } result)
                    results.Add(result);
                else
                    statistics.Add(tileStatistics!);
            }

            // One write for the run, where each tile was one.
            await StoreAsync(command, results, statistics, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            results.ForEach(result => result.Dispose());
        }
    }

    /// <summary>
    /// One tile of a tiled image, its input read: its result; or, in a pass before the last, null and the tile's
    /// <paramref name="statistics"/>. The caller stores either.
    /// </summary>
    static Mat? ProcessTile(ProcessTile command, OperationChain operation, IReadOnlyList<byte[]> parameters, Mat input, out byte[]? statistics)
    {
        statistics = null;
        var keep = new PixelRect(command.Keep.X, command.Keep.Y, command.Keep.Width, command.Keep.Height);
        if (command.PassCount == 1)
            return TileProcessing.Process(input, keep, operation);

        var geometry = command.Geometry;
        var core = TileGrid.CoreOf(command.TileIndex, geometry.Width, geometry.Height, geometry.TileSize);
        var frame = new TileFrame(command.TileIndex, core, keep, geometry.Width, geometry.Height);
        if (command.Pass < command.PassCount - 1)
        {
            statistics = operation.Passes.Gather(input, command.Pass, parameters, frame);
            return null;
        }

        return TileProcessing.Process(input, frame, operation.Passes, parameters);
    }

    /// <summary>What a command's tiles yielded, in one write: their results, or in a pass before the last their statistics.</summary>
    Task StoreAsync(ProcessTile command, IReadOnlyList<Mat> results, IReadOnlyList<byte[]> statistics, CancellationToken cancellationToken) =>
        results.Count > 0 ? StageResultsAsync(command, results, cancellationToken) : StoreStatisticsAsync(command, statistics, cancellationToken);

    /// <summary>At the command's first tile: a tile's statistics as they are, a run's joined (<see cref="RunStatistics"/>).</summary>
    async Task StoreStatisticsAsync(ProcessTile command, IReadOnlyList<byte[]> statistics, CancellationToken cancellationToken)
    {
        var bytes = command.TileRunLength == 1 ? statistics[0] : RunStatistics.Join(statistics);
        using var content = new MemoryStream(bytes, writable: false);
        // Same key, same bytes: a redelivered command rewrites its own statistics harmlessly.
        await blobs.UploadAsync(JobKeys.TileStatistics(command.JobId, command.ImageIndex, command.Pass, command.TileIndex), content,
            BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parameters the global steps of the passes before the command's have reduced: none for a chain of one pass.</summary>
    async Task<IReadOnlyList<byte[]>> ReadPassParametersAsync(ProcessTile command, OperationChain operation, CancellationToken cancellationToken)
    {
        if (command.PassCount == 1)
            return [];
        if (operation.Passes.Count != command.PassCount || command.Pass < 0 || command.Pass >= command.PassCount)
            throw new InvalidImageException($"pass {command.Pass} of {command.PassCount} does not fit '{command.Operation}', which runs in {operation.Passes.Count}");

        var parameters = new List<byte[]>(command.Pass);
        for (var pass = 0; pass < command.Pass; pass++)
            parameters.Add(await blobs.ReadAllBytesAsync(JobKeys.PassParameters(command.JobId, command.ImageIndex, pass), cancellationToken).ConfigureAwait(false));
        return parameters;
    }

    /// <summary>
    /// What <paramref name="read"/> reads of the command's input; null for a command whose image has ended and whose
    /// intermediate tiles are removed: a late redelivery after assembly (the output exists), or a tile still queued
    /// when its image failed (the image is marked failed). Checked only then, not before every command: a request
    /// per command saved. A redelivered whole image (its source is kept) is processed again and its create-only
    /// output write changes nothing.
    /// </summary>
    async Task<T?> UnlessImageEndedAsync<T>(ProcessTile command, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            if (await blobs.ExistsAsync(command.OutputKey, cancellationToken).ConfigureAwait(false)
                || await blobs.ExistsAsync(JobKeys.FailedImage(command.JobId, command.ImageIndex), cancellationToken).ConfigureAwait(false))
                return default;
            throw;
        }
    }

    async Task<Mat> ReadInputAsync(ProcessTile command, CancellationToken cancellationToken)
    {
        if (command.InputRange is { } range)
        {
            if (command.InputKind != TileInputKind.RawTile)
                throw new InvalidImageException($"only raw tiles are read by range, not {command.InputKind}");
            var packed = await blobs.ReadRangeAsync(command.InputKey, range.Offset, range.Length, cancellationToken).ConfigureAwait(false);
            using var part = new MemoryStream(packed, writable: false);
            return RawTileFormat.Read(part);
        }

        if (command.InputKind == TileInputKind.RawTile)
        {
            await using var stream = await blobs.OpenReadAsync(command.InputKey, cancellationToken).ConfigureAwait(false);
            return RawTileFormat.Read(stream);
        }

        var encoded = await blobs.ReadAllBytesAsync(command.InputKey, cancellationToken).ConfigureAwait(false);
        using (var header = new MemoryStream(encoded, writable: false))
            ImageLimits.EnsureWithin(ImageProbe.ReadHeader(header), options.Value.MaxPixels);
        return ImageCodec.DecodeBgr(encoded);
    }

    /// <summary>
    /// The command's part of the image's results blob, which the assembler reads whole: its tile's result, or a run's
    /// results end to end, at the index of the command's first tile.
    /// </summary>
    async Task StageResultsAsync(ProcessTile command, IReadOnlyList<Mat> tiles, CancellationToken cancellationToken)
    {
        // A pooled buffer: a fresh one of a default tile's 12.6 MB is faulted in page by page on every tile, which
        // cost more than the copy into it. The store has read it once the await ends.
        var length = checked((int)tiles.Sum(RawTileFormat.LengthOf));
        var pooled = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            using var buffer = new MemoryStream(pooled, 0, length, writable: true);
            foreach (var tile in tiles)
                RawTileFormat.Write(tile, buffer);
            buffer.Position = 0;
            // Same part, same bytes: a redelivered command replaces its own earlier results harmlessly.
            var results = new PartedBlob(command.ResultKey, command.Geometry.TileCount);
            await blobs.StagePartAsync(results, command.TileIndex, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
