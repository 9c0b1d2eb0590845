using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.Protocol.Layout;

/// <summary>
/// An image the submitter cut into raw tiles: enough to rebuild its tile commands for any pass, since
/// every key and rectangle follows from its ids, its geometry and the chain's halo.
/// </summary>
public sealed record TiledImage(Guid JobId, Guid ImageId, int ImageIndex, int ImageCount, ImageGeometry Geometry,
    string OutputKey, OutputEncoding OutputEncoding, string? ResultCacheKey)
{
    public static TiledImage Of(ReduceTileStatistics command) => new(command.JobId, command.ImageId, command.ImageIndex,
        command.ImageCount, command.Geometry, command.OutputKey, command.OutputEncoding, command.ResultCacheKey);

    /// <summary>
    /// The tile commands of <paramref name="pass"/>, one per input pack (<see cref="InputPacks"/>), by pack index: a
    /// pack of small tiles is one run, so each small tile does not cost its own messages, read request and saga
    /// update; a large tile has its pack to itself.
    /// </summary>
    public IReadOnlyList<ProcessTile> CommandsFor(OperationChain chain, int pass)
    {
        var plan = TilePlanner.Plan(Geometry.Width, Geometry.Height, Geometry.TileSize, chain.Halo);
        return InputPacks.Of(plan)
            .Select(pack => CommandFor(plan[pack.FirstTile], pack.TileCount, JobKeys.InputPack(JobId, ImageIndex, pack.Index), chain, pass))
            .ToArray();
    }

    ProcessTile CommandFor(TileSpec tile, int runLength, string inputKey, OperationChain chain, int pass) =>
        new()
        {
            JobId = JobId,
            ImageId = ImageId,
            ImageIndex = ImageIndex,
            ImageCount = ImageCount,
            TileIndex = tile.Index,
            TileRunLength = runLength,
            Geometry = Geometry,
            Operation = chain.Name,
            InputKey = inputKey,
            InputKind = TileInputKind.RawTile,
            Keep = new TileRegion
            {
                X = tile.CoreWithinSource.X, Y = tile.CoreWithinSource.Y, Width = tile.CoreWithinSource.Width, Height = tile.CoreWithinSource.Height,
            },
            ResultKey = JobKeys.Results(JobId, ImageIndex),
            OutputKey = OutputKey,
            IsWholeImage = false,
            OutputEncoding = OutputEncoding,
            Pass = pass,
            PassCount = chain.Passes.Count,
            ResultCacheKey = ResultCacheKey,
        };
}
