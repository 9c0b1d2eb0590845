using ImagePipeline.Orchestration.Jobs;
using ImagePipeline.Orchestration.Processing;
using ImagePipeline.Submitter;
using ImagePipeline.Submitter.Hosting;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.UnitTests.TestData;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary><c>run</c> on one machine: images whole, OpenCV's threads on every core for fewer images than cores, the same pixels as tiles.</summary>
public sealed class OneMachineTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-one-machine-").FullName;

    [Fact]
    public void WholeImages_GivesATileSizeNoImageReaches()
    {
        var request = OneMachine.WholeImages(new JobRequest(["a.png"], "gaussian", JobRequest.DefaultTileSize));

        Assert.Equal(int.MaxValue, request.TileSize);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1000, false)]
    public void UseCoresFor_GivesOpenCvEveryCoreOnlyForFewerImagesThanCores(int images, bool everyCore)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        OneMachine.UseCoresFor(builder, images);

        using var services = builder.Services.BuildServiceProvider();
        var threads = services.GetRequiredService<IOptions<ProcessingOptions>>().Value.OpenCvThreads;
        Assert.Equal(everyCore && images < Environment.ProcessorCount ? Environment.ProcessorCount : 1, threads);
    }

    [Theory]
    [InlineData("bilateral")]
    [InlineData("canny")]
    [InlineData("contrast_stretching")]
    public async Task Run_WithoutATileSize_GivesTheSamePixelsAsTiles(string op)
    {
        var input = Path.Combine(RepositoryPaths.Samples, "hubble_deep_field.jpg"); // 1000 x 872

        var wholeExit = await CliApplication.Create().Parse(["run", input, "--op", op, "--out", Path.Combine(_work, "whole")]).InvokeAsync();
        var tiledExit = await CliApplication.Create().Parse(["run", input, "--op", op, "--tile-size", "256", "--out", Path.Combine(_work, "tiled")]).InvokeAsync();

        Assert.Equal(ExitCodes.Success, wholeExit);
        Assert.Equal(ExitCodes.Success, tiledExit);
        using var whole = Cv2.ImRead(Path.Combine(_work, "whole", "hubble_deep_field.png"), ImreadModes.Unchanged);
        using var tiled = Cv2.ImRead(Path.Combine(_work, "tiled", "hubble_deep_field.png"), ImreadModes.Unchanged);
        MatAssert.Identical(whole, tiled);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
