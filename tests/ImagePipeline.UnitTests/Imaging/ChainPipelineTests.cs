using ImagePipeline.Client;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Submitter;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.UnitTests.TestData;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>Specs and output formats through the embedded pipeline: the spec and the format travel in the messages.</summary>
public sealed class ChainPipelineTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-chains-").FullName;

    [Theory]
    [InlineData("to_gray|gaussian:ksize=9,sigma=2.5|adaptive_threshold:block=15", 100, "tiff", 0)]
    [InlineData("sharpen:amount=2|erode:ksize=5", 77, "jpg", 70)]
    [InlineData("gaussian|resize:width=100|rotate:angle=90", 100, "webp", 0)]
    [InlineData("to_gray|gaussian:ksize=5|canny:low=50,high=150", 100, "png", 0)]
    [InlineData("gaussian|contrast_stretching|blur:ksize=7", 64, "png", 0)]
    [InlineData("equalize|threshold:method=otsu", 50, "png", 0)]
    [InlineData("equalize|canny:low=40,high=90|invert|contrast_stretching", 80, "png", 0)]
    public async Task Run_WhenChainAndFormat_OutputsAreTheChainOnTheWholeImageEncodedAsAsked(string spec, int tileSize, string format, int quality)
    {
        var inputs = Directory.GetFiles(RepositoryPaths.Samples, "*.png").Order(StringComparer.Ordinal).Take(2).ToArray();
        var request = new JobRequest(inputs, spec, tileSize) { OutputEncoding = new OutputEncoding { Format = format, Quality = quality } };

        var (manifest, progress) = await RunAsync(request);

        Assert.Equal(inputs.Length, progress.Done);
        var chain = OperationSpec.Parse(spec);
        Assert.Contains(manifest.Images, image => image.TileCount > 1 || chain.IsGlobal);
        Assert.All(manifest.Images, image => Assert.Equal(image.TileCount > 1 ? chain.Passes.Count : 1, image.Passes));
        Assert.All(progress.Images, image => Assert.Equal(image.TilesDone, image.TileCount));
        var outputFormat = OutputFormats.Parse(format, quality);
        foreach (var (input, image) in inputs.Zip(manifest.Images))
        {
            Assert.EndsWith(OutputFormats.Extension(outputFormat), image.OutputName, StringComparison.Ordinal);
            using var expected = chain.Apply(ImageCodec.DecodeBgr(File.ReadAllBytes(input)));
            using var expectedFile = Cv2.ImDecode(ImageCodec.Encode(expected, outputFormat, quality), ImreadModes.Unchanged);
            using var actual = Cv2.ImRead(Path.Combine(_work, "out", image.OutputName), ImreadModes.Unchanged);
            MatAssert.Identical(expectedFile, actual);
        }
    }

    [Fact]
    public async Task Run_WhenJpegIsExifRotated_TiledAndWholeImagePathsGiveTheSameOutput()
    {
        // Stored 512 x 300 and turned a quarter on decoding: the submitter's header says one size, the pixels another.
        using var photo = SamplePhotos.Crop(SamplePhotos.ColourPng, 0, 0, 451, 300);
        Cv2.ImEncode(".jpg", photo, out var jpeg);
        var input = Path.Combine(_work, "sideways.jpg");
        await File.WriteAllBytesAsync(input, JpegExif.WithOrientation(jpeg, 6));

        var (wholeManifest, whole) = await RunAsync(new JobRequest([input], "bilateral", 1024), "whole");
        var (tiledManifest, tiled) = await RunAsync(new JobRequest([input], "bilateral", 64), "tiled");

        Assert.Equal(1, whole.Done);
        Assert.Equal(1, tiled.Done);
        Assert.Equal(1, wholeManifest.Images[0].TileCount);
        Assert.True(tiledManifest.Images[0].TileCount > 1);
        using var wholeOutput = Cv2.ImRead(Path.Combine(_work, "whole", "sideways.png"), ImreadModes.Unchanged);
        using var tiledOutput = Cv2.ImRead(Path.Combine(_work, "tiled", "sideways.png"), ImreadModes.Unchanged);
        Assert.Equal(new Size(300, 451), wholeOutput.Size());
        MatAssert.Identical(wholeOutput, tiledOutput);
    }

    // Small tiles and large ones, and chains that pass twice over them, give what run gives by default: the image
    // whole, with OpenCV's threads on every core.
    [Theory]
    [InlineData("gaussian|equalize|invert", "48")]
    [InlineData("bilateral|contrast_stretching", "600")]
    [InlineData("canny", "256")]
    public async Task RunCommand_InTiles_WritesWhatTheWholeImageGives(string spec, string tileSize)
    {
        var input = Path.Combine(RepositoryPaths.Samples, "hubble_deep_field.jpg"); // 1000 x 872: 600 px tiles take over 1 MiB

        var tiledExit = await CliApplication.Create().Parse(["run", input, "--op", spec, "--tile-size", tileSize, "--out", Path.Combine(_work, "tiled")]).InvokeAsync();
        var wholeExit = await CliApplication.Create().Parse(["run", input, "--op", spec, "--out", Path.Combine(_work, "whole")]).InvokeAsync();

        Assert.Equal(ExitCodes.Success, tiledExit);
        Assert.Equal(ExitCodes.Success, wholeExit);
        using var tiled = Cv2.ImRead(Path.Combine(_work, "tiled", "hubble_deep_field.png"), ImreadModes.Unchanged);
        using var whole = Cv2.ImRead(Path.Combine(_work, "whole", "hubble_deep_field.png"), ImreadModes.Unchanged);
        MatAssert.Identical(whole, tiled);
    }

    [Theory]
    [InlineData("gaussian:ksize=4")]
    [InlineData("to_gray|gaussian:ksize=5|canny:low=50,high=150|threshold:value=300")]
    [InlineData("blurr")]
    public async Task RunCommand_WhenSpecIsInvalid_ExitsWithUsageErrorAndWritesNothing(string spec)
    {
        var output = Path.Combine(_work, "out");

        var exitCode = await CliApplication.Create().Parse(["run", Path.Combine(RepositoryPaths.Samples, "coins.png"), "--op", spec, "--out", output]).InvokeAsync();

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("gif", 0)]
    [InlineData("png", 50)]
    public async Task RunCommand_WhenFormatIsInvalid_ExitsWithUsageError(string format, int quality)
    {
        var output = Path.Combine(_work, "out");

        var exitCode = await CliApplication.Create().Parse(
            ["run", Path.Combine(RepositoryPaths.Samples, "coins.png"), "--op", "invert", "--format", format, "--quality", $"{quality}", "--out", output]).InvokeAsync();

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.False(Directory.Exists(output));
    }

    async Task<(JobManifest, JobProgress)> RunAsync(JobRequest request, string output = "out")
    {
        using var host = ClientHosts.Embedded(Path.Combine(_work, "store-" + output), configFile: null);
        await host.StartAsync();
        try
        {
            return await EmbeddedRun.OnHostAsync(host, request, Path.Combine(_work, output));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
