using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Orchestration.Jobs;
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
