namespace ImagePipeline.Storage;

public sealed class BlobNotFoundException(string key, Exception? inner = null)
    : Exception($"No blob with key '{key}'.", inner)
{
    public string Key { get; } = key;
}
