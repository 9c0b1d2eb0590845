using System.Buffers;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImagePipeline.Workers.Tiles;

/// <summary>What a tile command reads: an image's original file, or an input pack's raw tiles, checked against the image's layout.</summary>
public sealed class TileInputs(IBlobStore blobs, IOptions<ProcessingOptions> options)
{
    /// <exception cref="InvalidImageException">The file is not an image this pipeline takes, or declares too many pixels.</exception>
    public async Task<Mat> ReadSourceAsync(ImageLayout layout, CancellationToken cancellationToken)
    {
        var encoded = await blobs.ReadAllBytesAsync(layout.Source, cancellationToken).ConfigureAwait(false);
        using (var header = new MemoryStream(encoded, writable: false))
            ImageLimits.EnsureWithin(ImageProbe.ReadHeader(header), options.Value.MaxPixels);
        return ImageCodec.DecodeBgr(encoded);
    }

    /// <summary>The pack's tiles, in order, each checked against its planned source; the pack must hold them and nothing more.</summary>
    /// <exception cref="InvalidImageException">The pack does not hold the tiles its layout plans.</exception>
    public async Task<Mat[]> ReadPackAsync(ImageLayout layout, InputPack pack, CancellationToken cancellationToken)
    {
        var tiles = new Mat[pack.TileCount];
        try
        {
            if (pack.TileCount == 1)
            {
                // A large tile has its pack to itself: read straight into its pixels.
                await using var stream = await blobs.OpenReadAsync(layout.InputPackKey(pack), cancellationToken).ConfigureAwait(false);
                tiles[0] = RawTileFormat.Read(stream);
            }
            else
            {
                await ReadTilesAsync(layout, pack, tiles, cancellationToken).ConfigureAwait(false);
            }

            for (var index = 0; index < tiles.Length; index++)
            {
                var source = layout.Tiles[pack.FirstTile + index].Source;
                if ((tiles[index].Width, tiles[index].Height) != (source.Width, source.Height))
                    throw new InvalidImageException(
                        $"tile {pack.FirstTile + index} of the input pack is {tiles[index].Width} x {tiles[index].Height}, not {source.Width} x {source.Height}");
            }

            return tiles;
        }
        catch
        {
            Array.ForEach(tiles, tile => tile?.Dispose());
            throw;
        }
    }

    /// <summary>Small tiles: the pack read with one request into a pooled buffer, then cut into its tiles.</summary>
    async Task ReadTilesAsync(ImageLayout layout, InputPack pack, Mat[] tiles, CancellationToken cancellationToken)
    {
        var expected = checked((int)pack.Length);
        // Pooled, like a result's buffer: a pack is up to 1 MiB, which would otherwise be garbage on the large object heap.
        var packed = ArrayPool<byte>.Shared.Rent(expected + 1);
        try
        {
            int length;
            var stream = await blobs.OpenReadAsync(layout.InputPackKey(pack), cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
                length = await stream.ReadAtLeastAsync(packed.AsMemory(0, expected + 1), expected + 1, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
            // Checked before any tile is processed: a pack that is not the one this command was made for fails as a whole.
            if (length != expected)
            {
                var held = length > expected ? $"more than the {expected} bytes" : $"{length} bytes, not the {expected}";
                throw new InvalidImageException($"the input pack of tiles {pack.FirstTile} to {pack.FirstTile + pack.TileCount - 1} holds {held} of those tiles");
            }

            using var content = new MemoryStream(packed, 0, expected, writable: false);
            for (var index = 0; index < tiles.Length; index++)
                tiles[index] = RawTileFormat.ReadNext(content);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packed);
        }
    }
}
