using ImagePipeline.Client;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>Outputs are fetched while the rest of the job runs, each once, and only when done.</summary>
public sealed class EagerDownloadsTests : IDisposable
{
    readonly TemporaryFolder _work = new();
    readonly FileSystemBlobStore _blobs;
    readonly JobManifest _manifest;

    public EagerDownloadsTests()
    {
        _blobs = new FileSystemBlobStore(Path.Combine(_work.Path, "store"));
        var jobId = Guid.NewGuid();
        _manifest = new JobManifest
        {
            JobId = jobId, Operation = "invert", SubmittedAt = DateTimeOffset.UtcNow, TileSize = 2048,
            Images = [.. Enumerable.Range(0, 3).Select(i => new ManifestImage
            {
                Index = i, ImageId = Guid.NewGuid(), SourceName = $"in{i}.png", OutputName = $"out{i}.png", OutputKey = StoreLayout.Output(jobId, $"out{i}.png"),
            })],
        };
    }

    string OutFolder => Path.Combine(_work.Path, "out");

    [Fact]
    public async Task AnImageReportedDone_IsDownloadedBeforeTheJobEnds_AndOnlyOnce()
    {
        await StoreOutputAsync(0, [1]);
        var downloads = new EagerDownloads(new ResultDownloader(_blobs), _manifest, OutFolder, CancellationToken.None);

        downloads.Report(Progress(ImageOutcome.Done, ImageOutcome.Processing, ImageOutcome.Queued));
        await WaitForFileAsync(Path.Combine(OutFolder, "out0.png"));
        // Reported again, done image 0 is not fetched again: its kept blob is gone, and a second download would fail.
        await _blobs.DeleteAsync(_manifest.Images[0].OutputKey, CancellationToken.None);
        await StoreOutputAsync(1, [2]);
        downloads.Report(Progress(ImageOutcome.Done, ImageOutcome.Done, ImageOutcome.Processing));
        var written = await downloads.FinishAsync(Progress(ImageOutcome.Done, ImageOutcome.Done, ImageOutcome.Failed));

        Assert.Equal([Path.Combine(OutFolder, "out0.png"), Path.Combine(OutFolder, "out1.png")], written.Order());
        Assert.Equal([1], await File.ReadAllBytesAsync(Path.Combine(OutFolder, "out0.png")));
        Assert.Equal([2], await File.ReadAllBytesAsync(Path.Combine(OutFolder, "out1.png")));
        Assert.False(File.Exists(Path.Combine(OutFolder, "out2.png")));
    }

    [Fact]
    public async Task FinishAsync_FetchesWhatOnlyTheFinalReportShowsDone()
    {
        foreach (var index in new[] { 0, 1, 2 })
            await StoreOutputAsync(index, [(byte)index]);
        var downloads = new EagerDownloads(new ResultDownloader(_blobs), _manifest, OutFolder, CancellationToken.None);

        var written = await downloads.FinishAsync(Progress(ImageOutcome.Done, ImageOutcome.Done, ImageOutcome.Done));

        Assert.Equal(3, written.Count);
        Assert.All(written, path => Assert.True(File.Exists(path)));
    }

    Task StoreOutputAsync(int index, byte[] content) =>
        _blobs.UploadAsync(_manifest.Images[index].OutputKey, new MemoryStream(content), BlobWriteCondition.None, CancellationToken.None);

    JobProgress Progress(params ImageOutcome[] outcomes) => new()
    {
        JobId = _manifest.JobId, Operation = _manifest.Operation, SubmittedAt = _manifest.SubmittedAt,
        Images = [.. outcomes.Select((outcome, i) => new ImageProgress
        {
            Index = i, SourceName = $"in{i}.png", OutputName = $"out{i}.png", Outcome = outcome, TilesDone = 0, TileCount = 1,
        })],
    };

    static async Task WaitForFileAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!File.Exists(path))
            await Task.Delay(10, timeout.Token);
    }

    public void Dispose() => _work.Dispose();
}
