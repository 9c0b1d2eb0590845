using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.Storage;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;
using Xunit.Abstractions;

namespace ImagePipeline.IntegrationTests.Faults;

/// <summary>
/// <c>imagepipe download</c> stopped mid-transfer of a large output, against the real broker and Azurite with a processor
/// process, while a relay holds the store's answers back: kill -9 leaves a partial file (nothing can clean up after
/// SIGKILL) that the next download goes on from with a ranged read; Ctrl+C removes its partial file itself.
/// </summary>
public sealed class InterruptedDownloadTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The relay holds the store's answers back after this much: well into the output, well before its end.</summary>
    const long StallAfterBytes = 2 * 1024 * 1024;

    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-interrupted-download-").FullName;
    DistributedPipeline _pipeline = null!;

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    string Folder => Path.Combine(_work, "out");

    [Fact]
    public async Task Download_KilledMidTransfer_IsResumedByTheNextDownload_WhichLeavesOnlyTheWholeOutput()
    {
        var (jobId, outputName, stored) = await RunNoiseJobAsync();

        long kept;
        await using (var stalling = new StallingBlobProxy(TestEnvironment.BlobConnectionString, StallAfterBytes))
        {
            using var download = StartDownload(jobId, stalling);
            var partial = await WaitForStalledPartialAsync(stalling, download);
            download.KillHard();
            Assert.Equal([partial], Directory.GetFiles(Folder));
            kept = new FileInfo(partial).Length;
        }

        output.WriteLine($"killed with {kept} of {stored.Length} bytes in the partial file");
        Assert.InRange(kept, 1, stored.Length - 1);
        await using var relay = new StallingBlobProxy(TestEnvironment.BlobConnectionString);
        var resumed = await CliProcess.RunAsync(BuiltPrograms.Cli, Through(relay), _work, TimeSpan.FromMinutes(2), "download", jobId.ToString(), "--out", Folder);

        output.WriteLine($"the next download ended in {resumed.Elapsed.TotalSeconds:0.0} s with exit code {resumed.ExitCode}");
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.ToString());
        Assert.Contains($"bytes={kept}-", relay.Requests, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(Folder, outputName)], Directory.GetFiles(Folder));
        Assert.Equal(stored, await File.ReadAllBytesAsync(Path.Combine(Folder, outputName)));
        await _pipeline.AssertQueuesDrainedAsync();
    }

    [Fact]
    public async Task Download_InterruptedByCtrlCMidTransfer_ExitsWith130AndLeavesNoPartialFile()
    {
        var (jobId, _, _) = await RunNoiseJobAsync();
        await using var stalling = new StallingBlobProxy(TestEnvironment.BlobConnectionString, StallAfterBytes);
        using var download = StartDownload(jobId, stalling);
        await WaitForStalledPartialAsync(stalling, download);

        download.Interrupt();

        var exitCode = await download.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == ExitCodes.Cancelled, download.Output);
        Assert.Empty(Directory.GetFiles(Folder));
    }

    /// <summary>Submits one PNG of noise, which no codec shrinks (2000 x 2000, about 12 MB either way), and waits for its output.</summary>
    async Task<(Guid JobId, string OutputName, byte[] Stored)> RunNoiseJobAsync()
    {
        var inputs = Path.Combine(_work, "in");
        Directory.CreateDirectory(inputs);
        using (var noise = new Mat(2000, 2000, MatType.CV_8UC3))
        {
            Cv2.Randu(noise, Scalar.All(0), Scalar.All(256));
            Cv2.ImWrite(Path.Combine(inputs, "noise.png"), noise);
        }

        _pipeline.StartProcessor("processor", concurrentTiles: 2);
        var jobId = await _pipeline.SubmitAsync(inputs, "invert", tileSize: 1024);
        var progress = await _pipeline.WaitForJobAsync(jobId, TimeSpan.FromMinutes(3));
        Assert.Equal(1, progress.Done);
        var image = (await _pipeline.Status.TryReadManifestAsync(jobId, CancellationToken.None))!.Images[0];
        var stored = await _pipeline.Blobs.ReadAllBytesAsync(image.OutputKey, CancellationToken.None);
        Assert.True(stored.Length > 2 * StallAfterBytes, $"the output has only {stored.Length} bytes");
        return (jobId, image.OutputName, stored);
    }

    PipelineProcess StartDownload(Guid jobId, StallingBlobProxy relay) =>
        PipelineProcess.Start("imagepipe download", BuiltPrograms.Cli, Through(relay), "download", jobId.ToString(), "--out", Folder);

    /// <summary>The download's partial file, once the relay holds the rest back and the file has stopped growing.</summary>
    async Task<string> WaitForStalledPartialAsync(StallingBlobProxy relay, PipelineProcess download)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        long last = -1;
        while (DateTime.UtcNow < deadline && !download.HasExited)
        {
            await Task.Delay(250);
            var partial = Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.partial").SingleOrDefault() : null;
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
