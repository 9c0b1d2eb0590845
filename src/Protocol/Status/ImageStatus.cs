using System.Text.Json.Serialization;

namespace ImagePipeline.Protocol.Status;

/// <summary>Where a tiled image stands, as its saga publishes it: what status and waits read, never the saga's own state.</summary>
public sealed record ImageStatus
{
    public required ImagePhase Phase { get; init; }

    /// <summary>The pass whose tiles <see cref="TilesDone"/> counts, from 0; every tile of the passes before it is done.</summary>
    public required int Pass { get; init; }

    public required int TilesDone { get; init; }

    public string? FailureReason { get; init; }

    /// <summary>What unavailable dependency the image's parked work waits on (the blob store, the broker), with how it failed.</summary>
    public string? WaitingOn { get; init; }
}

/// <summary>Written as its name: the status documents outlive any one build.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImagePhase>))]
public enum ImagePhase
{
    /// <summary>Its tiles are being processed.</summary>
    Processing,

    /// <summary>Every tile of a pass is in, and the pass's statistics are being reduced.</summary>
    Reducing,

    /// <summary>Every tile of the last pass is in, and the output is being stitched.</summary>
    Assembling,

    Done,
    Failed,
}
