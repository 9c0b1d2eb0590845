namespace ImagePipeline.Contracts;

/// <summary>Which image of which job: carried whole by every message about one image.</summary>
public sealed record ImageIdentity
{
    public required Guid JobId { get; init; }
    public required Guid ImageId { get; init; }

    /// <summary>The image's place in its job, from 0: fixed at submission, it names the image's blobs.</summary>
    public required int Index { get; init; }

    /// <summary>How many images the job has: whichever message reaches the job saga first sizes its count.</summary>
    public required int Count { get; init; }
}
