namespace ImagePipeline.Client.Downloads;

/// <summary>An output could not be read from the blob store, even after retries; nothing of it is left in the folder.</summary>
public sealed class DownloadFailedException(string outputName, int attempts, Exception inner)
    : Exception($"The download of '{outputName}' failed {attempts} times: {inner.Message.Split('\n')[0].Trim().TrimEnd('.')}.", inner)
{
    public string OutputName { get; } = outputName;

    public int Attempts { get; } = attempts;
}
