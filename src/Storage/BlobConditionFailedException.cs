namespace ImagePipeline.Storage;

/// <summary>A conditional write lost: the blob existed (create-only) or had changed (if-match).</summary>
public sealed class BlobConditionFailedException(string key, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Key { get; } = key;
}
