namespace ImagePipeline.Orchestration.Jobs;

/// <summary>What a user asks for: these files, this operation, tiles of this size.</summary>
public sealed record JobRequest(IReadOnlyList<string> Files, string Operation, int TileSize)
{
    public const int DefaultTileSize = 2048;
}
