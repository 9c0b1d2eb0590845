namespace ImagePipeline.Client.Downloads;

/// <summary>An image counted done whose output is not in the blob store: removed, or lost by the store. Retrying cannot bring it back.</summary>
public sealed class OutputMissingException(string outputName, string key, Exception inner)
    : Exception($"The output '{outputName}' is counted done but is not in the blob store ('{key}'): it was removed or lost; submit its image again.", inner)
{
    public string OutputName { get; } = outputName;
}
