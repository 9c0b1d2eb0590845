using ImagePipeline.Contracts;

namespace ImagePipeline.Workers.Tiles;

/// <summary>The events a tile command ends in, carrying on what the image's saga needs from it.</summary>
internal static class ProcessTileEvents
{
    public static TileProcessed Processed(this ProcessTile command) => new()
    {
        JobId = command.JobId,
        ImageId = command.ImageId,
        ImageIndex = command.ImageIndex,
        ImageCount = command.ImageCount,
        TileIndex = command.TileIndex,
        TileRunLength = command.TileRunLength,
        Geometry = command.Geometry,
        ResultKey = command.ResultKey,
        OutputKey = command.OutputKey,
        IsWholeImage = command.IsWholeImage,
        OutputEncoding = command.OutputEncoding,
        Operation = command.Operation,
        Pass = command.Pass,
        PassCount = command.PassCount,
        ResultCacheKey = command.ResultCacheKey,
    };

    /// <summary>For a command that processed its image whole: the image is done.</summary>
    public static ImageCompleted Completed(this ProcessTile command) => new()
    {
        JobId = command.JobId,
        ImageId = command.ImageId,
        ImageIndex = command.ImageIndex,
        ImageCount = command.ImageCount,
        OutputKey = command.OutputKey,
    };

    public static TileFailed Failed(this ProcessTile command, string reason) => new()
    {
        JobId = command.JobId,
        ImageId = command.ImageId,
        ImageIndex = command.ImageIndex,
        ImageCount = command.ImageCount,
        TileIndex = command.TileIndex,
        Reason = reason,
        Geometry = command.Geometry,
        IsWholeImage = command.IsWholeImage,
    };
}
