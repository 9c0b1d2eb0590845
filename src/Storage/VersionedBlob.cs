namespace ImagePipeline.Storage;

/// <summary>A small blob read whole, with the ETag that a later conditional write must match.</summary>
public sealed record VersionedBlob(byte[] Content, string ETag);
