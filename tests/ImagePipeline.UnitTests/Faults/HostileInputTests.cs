using ImagePipeline.Client;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.Submitter;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Faults;

/// <summary>
/// Broken and unusual inputs through the embedded pipeline (the same consumers and sagas as the
/// distributed one): every bad file fails alone with a reason, every good one is processed exactly.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-hostile-").FullName;

    [Theory]
    [InlineData(32)]
    [InlineData(4096)]
    public async Task Run_WithBrokenAndUnusualFiles_BadOnesFailAloneAndGoodOnesMatchWholeImageResult(int tileSize)
    {
        var valid = HostileInputs.WriteValid(Path.Combine(_work, "in"));
        var invalid = HostileInputs.WriteInvalid(Path.Combine(_work, "in"));
        var output = Path.Combine(_work, "out");

        var progress = await EmbeddedRun.RunAsync(_work, [.. valid, .. invalid.Select(i => i.Path)], "gaussian", tileSize, output);

        foreach (var (path, reason) in invalid)
        {
            var image = progress.Images.Single(i => i.SourceName == path);
            Assert.True(image.Outcome == ImageOutcome.Failed, $"{Path.GetFileName(path)} should fail but is {image.Outcome}");
            Assert.Contains(reason, image.FailureReason, StringComparison.OrdinalIgnoreCase);
        }

        var gaussian = OperationCatalog.Get("gaussian");
        foreach (var path in valid)
        {
            var image = progress.Images.Single(i => i.SourceName == path);
            Assert.True(image.Outcome == ImageOutcome.Done, $"{Path.GetFileName(path)}: {image.Outcome} {image.FailureReason}");
            using var decoded = ImageCodec.DecodeBgr(File.ReadAllBytes(path));
            using var expected = gaussian.Apply(decoded);
            using var actual = Cv2.ImRead(Path.Combine(output, image.OutputName), ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }

        Assert.Equal(valid.Count, Directory.GetFiles(output).Length);
    }

    [Fact]
    public void DecodeBgr_WhenJpegIsExifRotated_AppliesTheOrientationAsTheSeedsImreadDoes()
    {
        var path = HostileInputs.WriteValid(Path.Combine(_work, "in")).Single(p => p.EndsWith("exif-rotated.jpg"));
        var header = ImageProbe.ReadHeader(File.OpenRead(path));

        using var decoded = ImageCodec.DecodeBgr(File.ReadAllBytes(path));

        // Orientation 6 turns the stored landscape picture a quarter turn: width and height swap.
        Assert.Equal((header.Height, header.Width), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Decode_WhenCmykJpeg_GivesTheColoursOfTheOriginal()
    {
        using var decoded = ImageCodec.DecodeBgr(File.ReadAllBytes(HostileInputs.CmykJpeg));
        using var photo = Cv2.ImRead(SampleImages.Files().First(f => f.EndsWith("chelsea.png")), ImreadModes.Color);
        using var original = new Mat(photo, new Rect(20, 20, 160, 120));

        Assert.Equal((160, 120, 3), (decoded.Width, decoded.Height, decoded.Channels()));
        // JPEG loses a little; inverted or swapped channels would be off by far more.
        using var difference = new Mat();
        Cv2.Absdiff(original, decoded, difference);
        Assert.True(Cv2.Mean(difference).Val0 < 12 && Cv2.Mean(difference).Val1 < 12 && Cv2.Mean(difference).Val2 < 12,
            $"mean difference per channel {Cv2.Mean(difference)}");
    }

    [Fact]
    public async Task RunCommand_WhenAnImageFails_ExitsWithImagesFailed()
    {
        var inputs = Path.Combine(_work, "in");
        HostileInputs.WriteInvalid(inputs);
        File.Copy(SampleImages.Files()[0], Path.Combine(inputs, "good.png"));

        var exitCode = await CliApplication.Create().Parse(["run", inputs, "--op", "invert", "--out", Path.Combine(_work, "out")]).InvokeAsync();

        Assert.Equal(ExitCodes.ImagesFailed, exitCode);
        Assert.Single(Directory.GetFiles(Path.Combine(_work, "out")));
    }

    [Fact]
    public async Task RunCommand_WhenOperationIsUnknown_ExitsWithUsageErrorAndWritesNothing()
    {
        var output = Path.Combine(_work, "out");

        var exitCode = await CliApplication.Create().Parse(["run", SampleImages.Files()[0], "--op", "sepia", "--out", output]).InvokeAsync();

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("run", "samples")]
    [InlineData("status", "../../etc/passwd")]
    [InlineData("run", "samples", "--op", "gaussian", "--tile-size", "many")]
    // run's store is deleted when it ends, so it keeps no results and has no cache to bypass.
    [InlineData("run", "samples", "--op", "gaussian", "--out", "out", "--no-cache")]
    public async Task Cli_WhenArgumentsAreMalformed_ExitsWithUsageError(params string[] args)
    {
        var exitCode = await CliApplication.RunAsync(args);

        Assert.Equal(ExitCodes.UsageError, exitCode);
    }

    [Fact]
    public async Task Download_WhenAManifestNamesAPathOutsideTheFolder_RefusesToWriteIt()
    {
        var blobs = new FileSystemBlobStore(Path.Combine(_work, "store"));
        var jobId = Guid.NewGuid();
        var outputKey = StoreLayout.Output(jobId, "evil.png");
        await blobs.UploadAsync(outputKey, new MemoryStream([1, 2, 3]), BlobWriteCondition.None, default);
        var manifest = new JobManifest
        {
            JobId = jobId, Operation = "invert", SubmittedAt = DateTimeOffset.UtcNow, TileSize = 2048,
            Images = [new ManifestImage { Index = 0, ImageId = Guid.NewGuid(), SourceName = "x.png", OutputName = "../../evil.png", OutputKey = outputKey }],
        };
        var progress = new JobProgress
        {
            JobId = jobId, Operation = "invert", SubmittedAt = manifest.SubmittedAt,
            Images = [new ImageProgress { Index = 0, SourceName = "x.png", OutputName = "../../evil.png", Outcome = ImageOutcome.Done, TilesDone = 1, TileCount = 1 }],
        };
        var folder = Path.Combine(_work, "deep", "out");

        await new ResultDownloader(blobs).DownloadAsync(manifest, progress, folder, default);

        // The name is reduced to its file part: it lands inside the folder, and nowhere above it.
        Assert.True(File.Exists(Path.Combine(folder, "evil.png")));
        Assert.False(File.Exists(Path.Combine(_work, "evil.png")));
    }

    [Fact]
    public void OutputNames_WhenInputNamesRepeatOrClimbFolders_GiveUniquePlainFileNames()
    {
        var names = OutputNames.Assign(["a/photo.jpg", "b/photo.png", "../../photo.tiff", "c/.png"]);

        Assert.Equal(["photo.png", "photo-2.png", "photo-3.png", "image.png"], names);
    }

    [Fact]
    public async Task Run_WithAThousandFilesInOneFolder_ProcessesEveryOne()
    {
        var inputs = Path.Combine(_work, "many");
        Directory.CreateDirectory(inputs);
        using var photo = Cv2.ImRead(SampleImages.Files()[0], ImreadModes.Color);
        for (var i = 0; i < 1000; i++)
        {
            using var crop = new Mat(photo, new Rect(i % 480, i / 480 * 16, 16, 16));
            Cv2.ImWrite(Path.Combine(inputs, $"tile-{i:D4}.png"), crop);
        }

        var progress = await EmbeddedRun.RunAsync(_work, InputFiles.Expand([inputs]), "invert", 2048, Path.Combine(_work, "out"),
            TimeSpan.FromMinutes(5));

        Assert.Equal(1000, progress.Done);
        Assert.Equal(1000, Directory.GetFiles(Path.Combine(_work, "out")).Length);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
