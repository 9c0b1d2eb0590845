using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>The progress of one image: which of its tiles are processed in the current pass, then its assembly.</summary>
public sealed class ImageState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public Guid JobId { get; set; }
    public int ImageIndex { get; set; }
    public int ImageCount { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int TileSize { get; set; }
    public int TileCount { get; set; }
    public string Operation { get; set; } = "";

    /// <summary>The pass whose tiles <see cref="TileBits"/> counts; earlier passes are done and reduced.</summary>
    public int Pass { get; set; }

    public int PassCount { get; set; } = 1;
    public int TilesDone { get; set; }
    public byte[] TileBits { get; set; } = [];
    public string OutputKey { get; set; } = "";
    public OutputEncoding OutputEncoding { get; set; } = new();
    public string? ResultCacheKey { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool AllTilesDone => TileCount > 0 && TilesDone == TileCount;

    public bool IsLastPass => Pass >= PassCount - 1;
}
