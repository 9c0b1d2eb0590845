using System.CommandLine;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Protocol;
using ImagePipeline.Submitter.Commands;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Pipeline;

/// <summary>
/// <c>run</c> on one machine: images whole unless --tile-size is given, OpenCV's threads on every core for fewer images than cores. That it gives
/// the same pixels as tiles is in ChainPipelineTests.
/// </summary>
public sealed class OneMachineTests
{
    [Theory]
    [InlineData(true, new[] { "a.png", "--op", "gaussian" }, int.MaxValue)]
    [InlineData(true, new[] { "a.png", "--op", "gaussian", "--tile-size", "512" }, 512)]
    [InlineData(false, new[] { "a.png", "--op", "gaussian" }, JobRequest.DefaultTileSize)]
    public void TileSize_IsOneNoImageReachesOnlyWhenWholeImagesAreTheDefaultAndNoneIsGiven(bool wholeImagesByDefault, string[] arguments, int expected)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("imagepipe-one-machine-").FullName, "a.png");
        File.WriteAllBytes(file, []);
        var options = new JobOptions(keepsResults: false, wholeImagesByDefault);
        var command = new RootCommand();
        options.AddTo(command);

        var request = options.CreateRequest(command.Parse(arguments.Select(argument => argument == "a.png" ? file : argument).ToArray()));

        Assert.Equal(expected, request.TileSize);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
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
