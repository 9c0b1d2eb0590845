using ImagePipeline.Protocol.Caching;

namespace ImagePipeline.Client;

/// <summary>What was submitted: written once by the submitter, read by status and download.</summary>
public sealed record JobManifest
{
    public required Guid JobId { get; init; }
    public required string Operation { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public required int TileSize { get; init; }
    public required IReadOnlyList<ManifestImage> Images { get; init; }
}

/// <summary>One input of a job and where its output goes.</summary>
public sealed record ManifestImage
{
    public required int Index { get; init; }
    public required Guid ImageId { get; init; }

    /// <summary>The input's path as the user gave it.</summary>
    public required string SourceName { get; init; }

    /// <summary>The output's file name, unique within the job.</summary>
    public required string OutputName { get; init; }

    public required string OutputKey { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public int TileCount { get; init; }

    /// <summary>How many times its tiles are processed: one more than the chain's global steps when tiled, else one.</summary>
    public int Passes { get; init; } = 1;

    /// <summary>True when the output was copied from an earlier run of the same input and recipe (<see cref="ResultCache"/>).</summary>
    public bool FromCache { get; init; }

    /// <summary>Set when the submitter refused the input (unreadable header, too many pixels): it was never queued.</summary>
    public string? RejectedReason { get; init; }
}
