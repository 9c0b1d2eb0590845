using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Storage;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// kill -9 of <c>imagepipe download</c> mid-transfer of a large output, against the real broker and Azurite with a
/// processor process: it leaves a partial file (nothing can clean up after SIGKILL), and the next download goes on
/// from it with a ranged read, leaving only the whole output, byte for byte the stored one.
/// </summary>
public sealed class InterruptedDownloadTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The relay holds the store's answers back after this much: well into the output, well before its end.</summary>
    const long StallAfterBytes = 2 * 1024 * 1024;

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-interrupted-download-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    [Fact]
    public async Task Download_KilledMidTransfer_IsResumedByTheNextDownload_WhichLeavesOnlyTheWholeOutput()
    {
        _pipeline.StartProcessor("processor", concurrentTiles: 2);
        var jobId = await _pipeline.SubmitAsync(WriteNoise(Path.Combine(_work, "in")), "invert", tileSize: 1024);
        var progress = await _pipeline.WaitForJobAsync(jobId, TimeSpan.FromMinutes(3));
        Assert.Equal(1, progress.Done);
        var manifest = await _pipeline.Status.TryReadManifestAsync(jobId, CancellationToken.None);
        var stored = await _pipeline.Blobs.ReadAllBytesAsync(manifest!.Images[0].OutputKey, CancellationToken.None);
        Assert.True(stored.Length > 2 * StallAfterBytes, $"the output has only {stored.Length} bytes");
        var folder = Path.Combine(_work, "out");
        var target = Path.Combine(folder, manifest.Images[0].OutputName);

        long kept;
        await using (var stalling = new StallingBlobProxy(TestEnvironment.BlobConnectionString, StallAfterBytes))
        {
            using var download = PipelineProcess.Start("imagepipe download", BuiltPrograms.Cli, Through(stalling), "download", jobId.ToString(), "--out", folder);
            var partial = await WaitForStalledPartialAsync(folder, stalling, download);
            download.KillHard();
            Assert.Equal([partial], Directory.GetFiles(folder));
            kept = new FileInfo(partial).Length;
        }

        output.WriteLine($"killed with {kept} of {stored.Length} bytes in the partial file");
        Assert.InRange(kept, 1, stored.Length - 1);
        await using var relay = new StallingBlobProxy(TestEnvironment.BlobConnectionString);
        var resumed = await CliProcess.RunAsync(BuiltPrograms.Cli, Through(relay), _work, TimeSpan.FromMinutes(2), "download", jobId.ToString(), "--out", folder);

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.ToString());
        Assert.Contains($"bytes={kept}-", relay.Requests, StringComparison.Ordinal);
        Assert.Equal([target], Directory.GetFiles(folder));
        Assert.Equal(stored, await File.ReadAllBytesAsync(target));
        await _pipeline.AssertQueuesDrainedAsync();
    }

    /// <summary>A PNG of noise, which no codec shrinks: a 2000 x 2000 colour image is about 12 MB either way.</summary>
    static string WriteNoise(string folder)
    {
        Directory.CreateDirectory(folder);
        using var noise = new Mat(2000, 2000, MatType.CV_8UC3);
        Cv2.Randu(noise, Scalar.All(0), Scalar.All(256));
        var path = Path.Combine(folder, "noise.png");
        Cv2.ImWrite(path, noise);
        return path;
    }

    /// <summary>The download's partial file, once the relay holds the rest back and the file has stopped growing.</summary>
    static async Task<string> WaitForStalledPartialAsync(string folder, StallingBlobProxy relay, PipelineProcess download)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        long last = -1;
        while (DateTime.UtcNow < deadline && !download.HasExited)
        {
            await Task.Delay(250);
            var partial = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.partial").SingleOrDefault() : null;
            if (partial is null || !relay.HasStalled)
                continue;
            var length = new FileInfo(partial).Length;
            if (length > 0 && length == last)
                return partial;
            last = length;
        }

        throw new InvalidOperationException($"The download never stalled with a partial file (exited: {download.HasExited}):\n{download.Output}");
    }

    Dictionary<string, string> Through(StallingBlobProxy relay) =>
        new(_pipeline.Environment) { ["IMAGEPIPE_Storage__ConnectionString"] = relay.ConnectionString };

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }
}
