using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Tiling;

namespace ImagePipeline.Orchestration.Jobs;

/// <summary>
/// An image the submitter cut into raw tiles: enough to rebuild its tile commands for any pass, since
/// every key and rectangle follows from its ids, its geometry and the chain's halo.
/// </summary>
internal sealed record TiledImage(Guid JobId, Guid ImageId, int ImageIndex, int ImageCount, ImageGeometry Geometry,
    string OutputKey, OutputEncoding OutputEncoding, string? ResultCacheKey)
{
    public static TiledImage Of(ReduceTileStatistics command) => new(command.JobId, command.ImageId, command.ImageIndex,
        command.ImageCount, command.Geometry, command.OutputKey, command.OutputEncoding, command.ResultCacheKey);

    /// <summary>The tile commands of <paramref name="pass"/>, by tile index.</summary>
    public IReadOnlyList<ProcessTile> CommandsFor(OperationChain chain, int pass)
    {
        var plan = TilePlanner.Plan(Geometry.Width, Geometry.Height, Geometry.TileSize, chain.Halo);
        var commands = new ProcessTile[plan.Count];
        foreach (var pack in InputPacks.Of(plan))
        {
            for (var tileInPack = 0; tileInPack < pack.TileCount; tileInPack++)
            {
                var tile = plan[pack.FirstTile + tileInPack];
                var range = pack.IsShared ? new BlobRange { Offset = pack.Offsets[tileInPack], Length = checked((int)pack.LengthOf(tileInPack)) } : null;
                commands[tile.Index] = CommandFor(tile, JobKeys.InputPack(JobId, ImageIndex, pack.Index), range, chain, pass);
            }
        }

        return commands;
    }

    ProcessTile CommandFor(TileSpec tile, string inputKey, BlobRange? inputRange, OperationChain chain, int pass) =>
        new()
        {
            JobId = JobId,
            ImageId = ImageId,
            ImageIndex = ImageIndex,
            ImageCount = ImageCount,
            TileIndex = tile.Index,
            Geometry = Geometry,
            Operation = chain.Name,
            InputKey = inputKey,
            InputKind = TileInputKind.RawTile,
            InputRange = inputRange,
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
