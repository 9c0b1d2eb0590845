using ImagePipeline.Client.Submitting;
using ImagePipeline.Protocol;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary>
/// <c>run</c> on one machine: images whole, OpenCV's threads on every core for fewer images than cores. That it gives
/// the same pixels as tiles is in ChainPipelineTests.
/// </summary>
public sealed class OneMachineTests
{
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
}
