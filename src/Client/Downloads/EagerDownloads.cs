using ImagePipeline.Client.Progress;

namespace ImagePipeline.Client.Downloads;

/// <summary>
/// Downloads each output as soon as a progress report shows its image done, while the rest of the job
/// still runs, so that waiting for a batch and fetching its outputs overlap instead of following each other.
/// </summary>
public sealed class EagerDownloads : IProgress<JobProgress>
{
    /// <summary>Downloads wait on the network, not the CPU: a few at once hide the latency of each.</summary>
    const int Parallelism = 8;

    readonly ResultDownloader _downloader;
    readonly JobManifest _manifest;
    readonly string _root;
    readonly CancellationToken _cancellationToken;
    readonly SemaphoreSlim _window = new(Parallelism);
    readonly Lock _gate = new();
    readonly HashSet<int> _started = [];
    readonly List<Task<string>> _downloads = [];

    public EagerDownloads(ResultDownloader downloader, JobManifest manifest, string outputFolder, CancellationToken cancellationToken)
    {
        (_downloader, _manifest, _cancellationToken) = (downloader, manifest, cancellationToken);
        _root = ResultDownloader.CreateFolder(outputFolder);
    }

    /// <summary>Starts the download of every image done that has not started yet.</summary>
    public void Report(JobProgress value)
    {
        lock (_gate)
        {
            foreach (var image in value.Images)
            {
                if (image.Outcome == ImageOutcome.Done && _started.Add(image.Index))
                    _downloads.Add(DownloadAsync(image));
            }
        }
    }

    /// <summary>Downloads what <paramref name="final"/> shows done and not yet started, then waits for every download.</summary>
    /// <returns>The paths written.</returns>
    public async Task<IReadOnlyList<string>> FinishAsync(JobProgress final)
    {
        Report(final);
        Task<string>[] downloads;
        lock (_gate)
            downloads = [.. _downloads];
        return await Task.WhenAll(downloads).ConfigureAwait(false);
    }

    async Task<string> DownloadAsync(ImageProgress image)
    {
        await _window.WaitAsync(_cancellationToken).ConfigureAwait(false);
        try
        {
            return await _downloader.DownloadOneAsync(_manifest, image, _root, _cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _window.Release();
        }
    }
}
