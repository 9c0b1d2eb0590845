using System.Reflection;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Hosting;
using ImagePipeline.Imaging;
using ImagePipeline.ProcessorService;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Storage;
using ImagePipeline.Submitter;
using ImagePipeline.WebUi;
using ImagePipeline.Workers.Tiles;

namespace ImagePipeline.UnitTests.Architecture;

/// <summary>Every assembly the pipeline ships.</summary>
internal static class PipelineAssemblies
{
    /// <summary>The imaging library: OpenCV, the steps, tiling and codecs; it depends on no other project.</summary>
    public static Assembly Imaging { get; } = typeof(InvalidImageException).Assembly;

    public static IReadOnlyList<Assembly> All { get; } =
    [
        typeof(ProcessTile).Assembly,
        typeof(IBlobStore).Assembly,
        Imaging,
        typeof(ImageLayout).Assembly,
        typeof(TileWorker).Assembly,
        typeof(ImageStateMachine).Assembly,
        typeof(JobSubmitter).Assembly,
        typeof(PipelineRoles).Assembly,
        typeof(WebUiApplication).Assembly,
        typeof(CliApplication).Assembly,
        typeof(ProcessorHostOptions).Assembly,
    ];
}
