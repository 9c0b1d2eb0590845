using System.Buffers;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.Workers.Passes;
using OpenCvSharp;

namespace ImagePipeline.Workers.Tiles;

/// <summary>
/// Does a tile command's work: read its input pack, apply the operation chain to each of its tiles, keep their
/// cores, store the results; in a pass before the last of a chain with global steps, store the tiles' statistics
/// instead. An image that travels whole is decoded, processed and written as the finished output.
/// </summary>
public sealed class TileWorker(IBlobStore blobs, CancellationMarkers cancellations, TileInputs tileInputs, OutputWriter outputs)
{
    /// <returns>
    /// False when the command was dropped: its image had ended (assembled, or failed) and its input was removed,
    /// so there is nothing to process and nothing to report.
    /// </returns>
    /// <exception cref="InvalidImageException">The input, the operation spec or the command cannot be processed, ever.</exception>
    public async Task<bool> ProcessAsync(ProcessTile command, CancellationToken cancellationToken)
    {
        // A cancelled job's queued tiles are drained here: nothing processed, nothing written.
        await cancellations.ThrowIfCancelledAsync(command.Image.JobId, cancellationToken).ConfigureAwait(false);

        var operation = QueuedOperation.Parse(command.Recipe.Operation);
        var layout = ImageLayout.Of(command.Image, command.Recipe);
        if (!layout.IsTiled)
            return await ProcessWholeAsync(layout, operation, cancellationToken).ConfigureAwait(false);

        // Tiles cut with a smaller halo than the chain reaches would give an inexact result, never an error.
        if (command.Recipe.Tiling!.Halo < operation.Halo)
            throw new InvalidImageException($"the tiles hold {command.Recipe.Tiling.Halo} pixels around their cores; '{operation.Name}' reads {operation.Halo}");
        var pack = layout.PackOf(command.Tiles);
        var inputs = await UnlessImageEndedAsync(layout, () => tileInputs.ReadPackAsync(layout, pack, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (inputs is null)
            return false;

        var results = new List<Mat>(pack.TileCount);
        var statistics = new List<byte[]>(pack.TileCount);
        try
        {
            var parameters = await ReadPassParametersAsync(layout, command.Pass, operation, cancellationToken).ConfigureAwait(false);
            for (var index = 0; index < pack.TileCount; index++)
            {
                var tile = layout.Tiles[pack.FirstTile + index];
                if (ProcessTile(layout, command.Pass, tile, operation, parameters, inputs[index], out var tileStatistics) is { } result)
                    results.Add(result);
                else
                    statistics.Add(tileStatistics!);
            }

            // One write for the pack, however many tiles it holds.
            var wroteResults = results.Count > 0;
            try
            {
                if (wroteResults)
                    await StageResultsAsync(layout, pack, results, cancellationToken).ConfigureAwait(false);
                else
                    await StoreStatisticsAsync(layout, command.Pass, pack, statistics, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A processor thawed after its broker connection was closed has its consume cancelled, yet the write may
                // have landed: it must not outlive its image either.
                await RemoveIfImageEndedAsync(layout, command.Pass, pack, wroteResults).ConfigureAwait(false);
                throw;
            }

            return !await RemoveIfImageEndedAsync(layout, command.Pass, pack, wroteResults).ConfigureAwait(false);
        }
        finally
        {
            results.ForEach(result => result.Dispose());
            Array.ForEach(inputs, input => input.Dispose());
        }
    }

    /// <summary>An image that travels whole: its result, kept whole since a geometric step may change the size, is the output.</summary>
    async Task<bool> ProcessWholeAsync(ImageLayout layout, OperationChain operation, CancellationToken cancellationToken)
    {
        using var input = await UnlessImageEndedAsync(layout, () => tileInputs.ReadSourceAsync(layout, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (input is null)
            return false;
        using var output = operation.Apply(input);
        await outputs.WriteOnceAsync(layout, output, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// One tile, its input read: its result; or, in a pass before the last, null and the tile's
    /// <paramref name="statistics"/>. The caller stores either.
    /// </summary>
    static Mat? ProcessTile(ImageLayout layout, int pass, TileSpec tile, OperationChain operation, IReadOnlyList<byte[]> parameters, Mat input,
        out byte[]? statistics)
    {
        statistics = null;
        if (layout.Recipe.PassCount == 1)
            return TileProcessing.Process(input, tile.CoreWithinSource, operation);

        var frame = layout.FrameOf(tile);
        if (pass < layout.Recipe.PassCount - 1)
        {
            statistics = operation.Passes.Gather(input, pass, parameters, frame);
            return null;
        }

        return TileProcessing.Process(input, frame, operation.Passes, parameters);
    }

    /// <summary>The parameters the global steps of the passes before <paramref name="pass"/> have reduced: none for a chain of one pass.</summary>
    async Task<IReadOnlyList<byte[]>> ReadPassParametersAsync(ImageLayout layout, int pass, OperationChain operation, CancellationToken cancellationToken)
    {
        var passCount = layout.Recipe.PassCount;
        if (passCount == 1 && pass == 0)
            return [];
        if (operation.Passes.Count != passCount || pass < 0 || pass >= passCount)
            throw new InvalidImageException($"pass {pass} of {passCount} does not fit '{layout.Recipe.Operation}', which runs in {operation.Passes.Count}");

        var parameters = new List<byte[]>(pass);
        for (var earlier = 0; earlier < pass; earlier++)
            parameters.Add(await blobs.ReadAllBytesAsync(layout.ParametersKey(earlier), cancellationToken).ConfigureAwait(false));
        return parameters;
    }

    /// <summary>
    /// What <paramref name="read"/> reads of the command's input; null for a command whose image has ended and whose
    /// intermediate tiles are removed: a late redelivery after assembly (the output exists), or a tile still queued
    /// when its image failed (the image is marked failed). Checked only then, not before every command: a request
    /// per command saved. A redelivered whole image (its source is kept) is processed again and its create-only
    /// output write changes nothing.
    /// </summary>
    async Task<T?> UnlessImageEndedAsync<T>(ImageLayout layout, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            if (await blobs.ExistsAsync(layout.Output, cancellationToken).ConfigureAwait(false)
                || await blobs.ExistsAsync(layout.FailedMarker, cancellationToken).ConfigureAwait(false))
                return default;
            throw;
        }
    }

    /// <summary>
    /// A late writer (a processor frozen mid-tile, thawed after its image was assembled or failed and its intermediates
    /// removed) must not leave what it just wrote behind: once the write is done, an image that has ended has it
    /// removed again. Checked after the write, so that a removal running meanwhile and this check between them leave
    /// nothing (the output or failed marker is written before the removal starts).
    /// </summary>
    /// <returns>True when the image had ended and the write was undone.</returns>
    /// <remarks>Never cancelled: it runs when the consume is cancelled too, bounded by the store's own timeouts.</remarks>
    async Task<bool> RemoveIfImageEndedAsync(ImageLayout layout, int pass, InputPack pack, bool wroteResults)
    {
        var cancellationToken = CancellationToken.None;
        if (!await blobs.ExistsAsync(layout.Output, cancellationToken).ConfigureAwait(false)
            && !await blobs.ExistsAsync(layout.FailedMarker, cancellationToken).ConfigureAwait(false))
            return false;

        if (wroteResults)
            await blobs.DeletePartsAsync(layout.Results, cancellationToken).ConfigureAwait(false);
        else
            await blobs.DeleteAsync(layout.StatisticsKey(pass, pack), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The pack's statistics, in one blob: a tile's as they are, several tiles' joined (<see cref="RunStatistics"/>).</summary>
    async Task StoreStatisticsAsync(ImageLayout layout, int pass, InputPack pack, IReadOnlyList<byte[]> statistics, CancellationToken cancellationToken)
    {
        var bytes = pack.TileCount == 1 ? statistics[0] : RunStatistics.Join(statistics);
        using var content = new MemoryStream(bytes, writable: false);
        // Same key, same bytes: a redelivered command rewrites its own statistics harmlessly.
        await blobs.UploadAsync(layout.StatisticsKey(pass, pack), content, BlobWriteCondition.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pack's part of the image's results blob, which the assembler reads whole: its tiles' results end to end.</summary>
    async Task StageResultsAsync(ImageLayout layout, InputPack pack, IReadOnlyList<Mat> tiles, CancellationToken cancellationToken)
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
            await blobs.StagePartAsync(layout.Results, pack.Index, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
