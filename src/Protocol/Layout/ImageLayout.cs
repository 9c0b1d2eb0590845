using ImagePipeline.Contracts;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Layout;

/// <summary>
/// Where one image's work lives, derived from its identity and recipe: its tile plan (cores and the sources grown
/// by the halo), its input packs (which tiles share a blob, and so a command), the commands of each pass, and every
/// blob key of the image. The submitter plans the tiling once (<see cref="Tiling"/>) and every message carries it,
/// so the submitter, workers, reducer, assembler and cleanup all ask this type and find the same answers.
/// </summary>
public sealed class ImageLayout
{
    readonly ImageTiling? _tiling;
    readonly Lazy<IReadOnlyList<TileSpec>> _tiles;
    readonly Lazy<IReadOnlyList<InputPack>> _packs;

    ImageLayout(ImageIdentity image, ImageRecipe recipe)
    {
        Image = image;
        Recipe = recipe;
        _tiling = recipe.Tiling;
        TileCount = TileCountOf(_tiling);
        _tiles = new(() => TilePlanner.Plan(TiledOnly.Width, TiledOnly.Height, TiledOnly.TileSize, TiledOnly.Halo));
        _packs = new(() => InputPacks.Of(Tiles, TiledOnly.Channels, TiledOnly.MaxPackBytes));
    }

    public static ImageLayout Of(ImageIdentity image, ImageRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(recipe);
        return new ImageLayout(image, recipe);
    }

    /// <summary>
    /// How an image is cut where it is prepared: a grid of <paramref name="tileSize"/> tiles, each reading
    /// <paramref name="halo"/> pixels around its core, packed with today's limit.
    /// </summary>
    public static ImageTiling Tiling(int width, int height, int tileSize, int halo, int channels) => new()
    {
        Width = width,
        Height = height,
        TileSize = tileSize,
        Halo = halo,
        Channels = channels,
        MaxPackBytes = InputPacks.DefaultMaxPackBytes,
    };

    /// <summary>How many tiles an image of <paramref name="tiling"/> has: one when it travels whole.</summary>
    public static int TileCountOf(ImageTiling? tiling) =>
        tiling is null ? 1 : checked(CeilingDivide(tiling.Width, tiling.TileSize) * CeilingDivide(tiling.Height, tiling.TileSize));

    public ImageIdentity Image { get; }

    public ImageRecipe Recipe { get; }

    /// <summary>False for an image processed whole, as its original file, in one command.</summary>
    public bool IsTiled => _tiling is not null;

    public int TileCount { get; }

    /// <summary>Every tile, by index: its core in the output and the source it reads, halo included.</summary>
    public IReadOnlyList<TileSpec> Tiles => _tiles.Value;

    /// <summary>The input packs, by index, covering every tile in order.</summary>
    public IReadOnlyList<InputPack> Packs => _packs.Value;

    /// <summary>The tiles' cores and who neighbours whom, for reducing per-tile statistics.</summary>
    public TileGrid Grid => TileGrid.Of(TiledOnly.Width, TiledOnly.Height, TiledOnly.TileSize, Tiles);

    /// <summary>Where <paramref name="tile"/> sits in the image, for the steps that run in passes.</summary>
    public TileFrame FrameOf(TileSpec tile) => TileFrame.Of(tile, TiledOnly.Width, TiledOnly.Height);

    /// <summary>The tiles each command of a pass covers: a pack's, or tile 0 of an image processed whole.</summary>
    public IReadOnlyList<TileRange> Commands => IsTiled ? [.. Packs.Select(pack => pack.Tiles)] : [new TileRange { First = 0, Count = 1 }];

    /// <summary>The commands of <paramref name="pass"/>, one for each entry of <see cref="Commands"/>.</summary>
    public IReadOnlyList<ProcessTile> CommandsFor(int pass) =>
        [.. Commands.Select(tiles => new ProcessTile { Image = Image, Recipe = Recipe, Pass = pass, Tiles = tiles })];

    /// <summary>The pack whose tiles a command covers.</summary>
    /// <exception cref="InvalidImageException">The tiles are not one pack's: the message does not fit its own tiling, and never will.</exception>
    public InputPack PackOf(TileRange tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var pack = IsTiled ? Packs.FirstOrDefault(pack => pack.FirstTile == tiles.First) : null;
        if (pack is null || pack.TileCount != tiles.Count)
            throw new InvalidImageException(
                $"tiles {tiles.First} to {tiles.First + tiles.Count - 1} are not one input pack of an image of {TileCount} tiles");
        return pack;
    }

    /// <summary>The original file of an image processed whole.</summary>
    public string Source => StoreLayout.Source(Image.JobId, Image.Index);

    public string Output => Recipe.OutputKey;

    /// <summary>
    /// Marks a tiled image that failed, written before its intermediates are removed: a tile of it still queued
    /// then finds its input gone for a known reason, and is dropped instead of retried.
    /// </summary>
    public string FailedMarker => StoreLayout.FailedImage(Image.JobId, Image.Index);

    /// <summary>What every intermediate blob of the image starts with (<see cref="StoreLayout.IsIntermediate"/>).</summary>
    public string Work => StoreLayout.Work(Image.JobId, Image.Index);

    /// <summary>A blob of raw input tiles: one large tile, or several small ones end to end.</summary>
    public string InputPackKey(InputPack pack) => $"{Work}packs/{pack.Index}";

    /// <summary>
    /// The processed tiles, as the parts of one blob, a part per input pack in pack order: each command stores its
    /// part, and the assembler reads them all at once.
    /// </summary>
    public PartedBlob Results => new($"{Work}results", Packs.Count);

    /// <summary>What a pack's tiles gathered in <paramref name="pass"/>, for the reduction.</summary>
    public string StatisticsKey(int pass, InputPack pack) => $"{Work}statistics/{pass}/{pack.Index}";

    /// <summary>What the reduction of <paramref name="pass"/> gives every tile of the later passes.</summary>
    public string ParametersKey(int pass) => $"{Work}parameters/{pass}";

    /// <summary>
    /// Every intermediate blob a tiled image has once its last pass is stored, but for its <see cref="Results"/>:
    /// the input packs, and each earlier pass's statistics and parameters.
    /// </summary>
    public IEnumerable<string> IntermediateKeys
    {
        get
        {
            var earlierPasses = Enumerable.Range(0, Recipe.PassCount - 1).ToArray();
            return Packs.Select(InputPackKey)
                .Concat(earlierPasses.SelectMany(pass => Packs.Select(pack => StatisticsKey(pass, pack))))
                .Concat(earlierPasses.Select(ParametersKey));
        }
    }

    ImageTiling TiledOnly => _tiling ?? throw new InvalidOperationException($"Image {Image.ImageId} is processed whole: it has no tiles.");

    static int CeilingDivide(int value, int divisor) => (int)(((long)value + divisor - 1) / divisor);
}
