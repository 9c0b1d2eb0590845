namespace ImagePipeline.Client.Submitting;

/// <summary>One input's place in a job: its ids, index and output, fixed before any work starts.</summary>
internal sealed record ImageSlot(Guid JobId, Guid ImageId, int Index, int ImageCount, string SourcePath, string OutputName, string OutputKey)
{
    public ManifestImage ToManifest() => new()
    {
        Index = Index,
        ImageId = ImageId,
        SourceName = SourcePath,
        OutputName = OutputName,
        OutputKey = OutputKey,
    };
}
