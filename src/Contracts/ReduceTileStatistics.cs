namespace ImagePipeline.Contracts;

/// <summary>
/// Command: every tile of an image has stored its statistics for <see cref="Pass"/>; reduce them to the
/// parameters of the pass's global step, store those, and queue the image's tiles for the next pass.
/// </summary>
public sealed record ReduceTileStatistics
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }
    public required int ImageIndex { get; init; }
    public required int ImageCount { get; init; }
    public required ImageGeometry Geometry { get; init; }
    public required string Operation { get; init; }
    public required int Pass { get; init; }
    public required int PassCount { get; init; }
    public required string OutputKey { get; init; }
    public OutputEncoding OutputEncoding { get; init; } = new();

    /// <summary>Carried on to the next pass's tiles (see <see cref="ProcessTile.ResultCacheKey"/>).</summary>
    public string? ResultCacheKey { get; init; }
}
