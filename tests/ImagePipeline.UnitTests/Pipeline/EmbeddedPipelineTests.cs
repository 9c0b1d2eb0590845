using ImagePipeline.Client.Progress;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary>
/// The embedded pipeline end to end (in-memory transport, file-system blob store, the real sagas and
/// consumers): outputs must equal the operation applied to the whole image in one call.
/// </summary>
public sealed class EmbeddedPipelineTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-embedded-").FullName;

    [Theory]
    [InlineData("gaussian", 100)]
    [InlineData("median", 77)]
    [InlineData("bilateral", 150)]
    [InlineData("to_bw", 64)]
    [InlineData("canny", 100)]
    [InlineData("contrast_stretching", 100)]
    public async Task Run_WhenImagesAreTiled_OutputsEqualWholeImageResult(string operation, int tileSize)
    {
        var inputs = SampleImages.Files().Take(3).ToArray();

        var (progress, outputFolder) = await RunAsync(inputs, operation, tileSize);

        Assert.Equal(inputs.Length, progress.Done);
        Assert.Contains(progress.Images, image => image.TileCount > 1 || OperationCatalog.Get(operation).IsGlobal);
        foreach (var (input, image) in inputs.Zip(progress.Images))
        {
            using var expected = OperationCatalog.Get(operation).Apply(ImageCodec.DecodeBgr(File.ReadAllBytes(input)));
            using var actual = Cv2.ImRead(Path.Combine(outputFolder, image.OutputName), ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }
    }

    [Fact]
    public async Task Run_WhenOneInputIsCorrupt_OnlyThatImageFailsWithAReason()
    {
        var corrupt = Path.Combine(_work, "broken.png");
        await File.WriteAllTextAsync(corrupt, "this is not an image");
        var inputs = SampleImages.Files().Take(2).Append(corrupt).ToArray();

        var (progress, outputFolder) = await RunAsync(inputs, "invert", 128);

        Assert.Equal(2, progress.Done);
        var failed = Assert.Single(progress.Images, image => image.Outcome == ImageOutcome.Failed);
        Assert.Equal(corrupt, failed.SourceName);
        Assert.False(string.IsNullOrWhiteSpace(failed.FailureReason));
        Assert.Equal(2, Directory.GetFiles(outputFolder).Length);
    }

    async Task<(JobProgress Progress, string OutputFolder)> RunAsync(string[] inputs, string operation, int tileSize)
    {
        var outputFolder = Path.Combine(_work, "out-" + operation);
        return (await EmbeddedRun.RunAsync(_work, inputs, operation, tileSize, outputFolder), outputFolder);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
