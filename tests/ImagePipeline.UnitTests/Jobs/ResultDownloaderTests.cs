using ImagePipeline.Client;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Storage;

namespace ImagePipeline.UnitTests.Jobs;

/// <summary>Outputs are fetched for the images done, each once, and for no other.</summary>
public sealed class ResultDownloaderTests : IDisposable
{
    readonly TemporaryFolder _work = new();
    readonly FileSystemBlobStore _blobs;
    readonly JobManifest _manifest;

    public ResultDownloaderTests()
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
    public async Task DownloadAsync_WritesTheOutputOfEveryImageDone_AndOfNoOther()
    {
        foreach (var index in new[] { 0, 1, 2 })
            await _blobs.UploadAsync(_manifest.Images[index].OutputKey, new MemoryStream([(byte)index]), BlobWriteCondition.None, CancellationToken.None);

        var written = await new ResultDownloader(_blobs).DownloadAsync(_manifest, Progress(ImageOutcome.Done, ImageOutcome.Failed, ImageOutcome.Done),
            OutFolder, CancellationToken.None);

        Assert.Equal([Path.Combine(OutFolder, "out0.png"), Path.Combine(OutFolder, "out2.png")], written.Order());
        Assert.Equal([0], await File.ReadAllBytesAsync(Path.Combine(OutFolder, "out0.png")));
        Assert.Equal([2], await File.ReadAllBytesAsync(Path.Combine(OutFolder, "out2.png")));
        Assert.False(File.Exists(Path.Combine(OutFolder, "out1.png")));
    }

    JobProgress Progress(params ImageOutcome[] outcomes) => new()
    {
        JobId = _manifest.JobId, Operation = _manifest.Operation, SubmittedAt = _manifest.SubmittedAt,
        Images = [.. outcomes.Select((outcome, i) => new ImageProgress
        {
            Index = i, SourceName = $"in{i}.png", OutputName = $"out{i}.png", Outcome = outcome, TilesDone = 0, TileCount = 1,
        })],
    };

    public void Dispose() => _work.Dispose();
}
