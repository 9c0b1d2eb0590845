using System.Text.Json;
using ImagePipeline.Client;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.IntegrationTests.Infrastructure;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Doors;

/// <summary>
/// <c>imagepipe watch --distributed</c> as a real process, killed with SIGKILL twice mid-batch and
/// restarted: every dropped file must be submitted once, delivered once, and none lost.
/// </summary>
public sealed class WatchRestartTests : IAsyncLifetime
{
    const int FileCount = 24;
    readonly string _root = Directory.CreateTempSubdirectory("imagepipe-watch-it-").FullName;
    DistributedPipeline _pipeline = null!;

    [Fact]
    public async Task Watch_WhenKilledMidBatchAndRestarted_ProcessesEveryFileExactlyOnce()
    {
        var inbox = Path.Combine(_root, "inbox", "invert");
        var inputs = TestImages.WriteBatch(inbox, FileCount).Select(file => Path.GetFileName(file)).ToArray();
        _pipeline.StartProcessor("processor", concurrentTiles: 2);

        var first = StartWatcher("watch-1");
        await WaitAsync(() => Count("done") >= 4, first);
        first.KillHard();

        var second = StartWatcher("watch-2");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        second.KillHard();

        var last = StartWatcher("watch-3");
        await WaitAsync(() => Count("done") == FileCount && Count("processing") == 0, last);

        Assert.Equal(inputs.Order(StringComparer.Ordinal), Names("done"));
        Assert.Empty(Names("inbox"));
        Assert.Empty(Names("failed"));
        Assert.Equal(inputs.Select(name => Path.GetFileNameWithoutExtension(name) + ".png").Order(StringComparer.Ordinal), Names("out"));

        // Submitted once: each file appears in exactly one job manifest.
        var submitted = await SubmittedFileNamesAsync();
        Assert.Equal(inputs.Order(StringComparer.Ordinal), submitted.Order(StringComparer.Ordinal));

        foreach (var name in inputs.Take(3))
        {
            using var expected = OperationCatalog.Get("invert").Apply(ImageCodec.DecodeBgr(File.ReadAllBytes(Path.Combine(_root, "done", "invert", name))));
            using var actual = Cv2.ImRead(Path.Combine(_root, "out", "invert", Path.GetFileNameWithoutExtension(name) + ".png"), ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }
    }

    PipelineProcess StartWatcher(string name) =>
        _pipeline.StartCli(name, "watch", _root, "--distributed", "--quiet-seconds", "0.3", "--batch-size", "3", "--max-jobs", "2");

    async Task<List<string>> SubmittedFileNamesAsync()
    {
        var names = new List<string>();
        await foreach (var key in _pipeline.Blobs.ListKeysAsync("jobs/", CancellationToken.None))
        {
            if (!key.EndsWith("/manifest.json", StringComparison.Ordinal))
                continue;
            await using var stream = await _pipeline.Blobs.OpenReadAsync(key, CancellationToken.None);
            var manifest = await JsonSerializer.DeserializeAsync<JobManifest>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            names.AddRange(manifest!.Images.Select(image => Path.GetFileName(image.SourceName)));
        }

        return names;
    }

    string[] Names(string folder) =>
        Directory.EnumerateFiles(Path.Combine(_root, folder), "*", SearchOption.AllDirectories)
            .Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal).ToArray();

    int Count(string folder) => Directory.Exists(Path.Combine(_root, folder))
        ? Directory.EnumerateFiles(Path.Combine(_root, folder), "*", SearchOption.AllDirectories).Count()
        : 0;

    async Task WaitAsync(Func<bool> condition, PipelineProcess watcher)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline || watcher.HasExited)
                throw new TimeoutException($"Watched folder stuck: done {Count("done")}, processing {Count("processing")}, inbox {Count("inbox")}.\n" +
                    $"--- {watcher.Name} (exited: {watcher.HasExited}):\n{watcher.Output}");
            await Task.Delay(100);
        }
    }

    public async Task InitializeAsync() => _pipeline = await DistributedPipeline.StartAsync();

    public async Task DisposeAsync()
    {
        await _pipeline.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
