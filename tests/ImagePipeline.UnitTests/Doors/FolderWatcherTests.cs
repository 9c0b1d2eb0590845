using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Doors;

/// <summary><c>imagepipe watch</c> on the embedded pipeline: what is dropped comes out once, in the right place.</summary>
public sealed class FolderWatcherTests : IAsyncLifetime
{
    readonly WatchedFolder _folder = new();

    [Fact]
    public async Task Watch_WhenFilesArePresentAtStart_ProcessesEachOnceAndMovesOriginalsToDone()
    {
        var inputs = SampleImages.Files().Take(3).ToArray();
        var inbox = _folder.Inbox("invert");
        foreach (var input in inputs)
            File.Copy(input, Path.Combine(inbox, Path.GetFileName(input)));

        await _folder.StartAsync();
        await _folder.WaitUntilSettledAsync(inputs.Length);

        Assert.Equal(inputs.Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal), WatchedFolder.FilesIn(Path.Combine(_folder.Layout.Done, "invert")));
        Assert.Empty(WatchedFolder.FilesIn(inbox));
        Assert.Equal(inputs.Length, WatchedFolder.FilesIn(Path.Combine(_folder.Layout.Out, "invert")).Length);
        foreach (var input in inputs)
            AssertOutput("invert", input);
    }

    [Fact]
    public async Task Watch_WhenAFileIsNotAnImage_MovesItToFailedWithAReadableReason()
    {
        await _folder.StartAsync();
        var inbox = _folder.Inbox("gaussian");
        await File.WriteAllTextAsync(Path.Combine(inbox, "notes.txt"), "shopping list, not a photo");
        File.Copy(SampleImages.Files()[0], Path.Combine(inbox, "photo.png"));

        await _folder.WaitUntilSettledAsync(2);

        var failed = Path.Combine(_folder.Layout.Failed, "gaussian");
        Assert.Equal(["notes.txt", "notes.txt.reason.txt"], WatchedFolder.FilesIn(failed));
        Assert.False(string.IsNullOrWhiteSpace(await File.ReadAllTextAsync(Path.Combine(failed, "notes.txt.reason.txt"))));
        Assert.Equal(["photo.png"], WatchedFolder.FilesIn(Path.Combine(_folder.Layout.Done, "gaussian")));
    }

    [Fact]
    public async Task Watch_WhenAFileIsStillBeingWritten_TakesItOnlyOnceComplete()
    {
        await _folder.StartAsync();
        var source = SampleImages.Files()[1];
        var bytes = await File.ReadAllBytesAsync(source);
        var target = Path.Combine(_folder.Inbox("median"), Path.GetFileName(source));

        // A slow copy: a chunk every 200 ms, for well over the 0.5 s quiet period in all.
        await using (var writer = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            var chunk = bytes.Length / 10 + 1;
            for (var offset = 0; offset < bytes.Length; offset += chunk)
            {
                await writer.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
                await writer.FlushAsync();
                await Task.Delay(200);
                Assert.True(File.Exists(target), "the watcher took a file that was still being written");
            }
        }

        await _folder.WaitUntilSettledAsync(1);
        Assert.Equal([Path.GetFileName(source)], WatchedFolder.FilesIn(Path.Combine(_folder.Layout.Done, "median")));
        AssertOutput("median", source);
    }

    [Fact]
    public async Task Watch_WhenRestartedWithAClaimLeftInProcessing_DeliversItExactlyOnce()
    {
        // What a kill -9 right after claiming leaves behind: a claim folder and its files, nothing submitted.
        var inputs = SampleImages.Files().Take(2).ToArray();
        var claim = Path.Combine(_folder.Layout.Processing, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(claim, "inputs"));
        await File.WriteAllTextAsync(Path.Combine(claim, "folder"), "to_gray");
        foreach (var input in inputs)
            File.Copy(input, Path.Combine(claim, "inputs", Path.GetFileName(input)));

        await _folder.StartAsync();
        await _folder.WaitUntilSettledAsync(inputs.Length);

        Assert.False(Directory.Exists(claim));
        Assert.Equal(inputs.Select(file => Path.GetFileName(file)).Order(StringComparer.Ordinal), WatchedFolder.FilesIn(Path.Combine(_folder.Layout.Done, "to_gray")));
        foreach (var input in inputs)
            AssertOutput("to_gray", input);
    }

    [Fact]
    public async Task Watch_WhenTheFolderNamesNoOperation_FailsItsFilesWithTheReason()
    {
        await _folder.StartAsync();
        File.Copy(SampleImages.Files()[0], Path.Combine(_folder.Inbox("sharpen-please"), "photo.png"));

        await _folder.WaitUntilSettledAsync(1);

        var reason = await File.ReadAllTextAsync(Path.Combine(_folder.Layout.Failed, "sharpen-please", "photo.png.reason.txt"));
        Assert.Contains("sharpen-please", reason);
    }

    void AssertOutput(string operation, string input)
    {
        using var expected = OperationCatalog.Get(operation).Apply(ImageCodec.DecodeBgr(File.ReadAllBytes(input)));
        using var actual = Cv2.ImRead(Path.Combine(_folder.Layout.Out, operation, Path.GetFileNameWithoutExtension(input) + ".png"),
            ImreadModes.Unchanged);
        MatAssert.Identical(expected, actual);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();
}
