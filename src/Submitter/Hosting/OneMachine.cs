using ImagePipeline.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// How <c>imagepipe run</c> uses the one machine it has, as the fastest single-machine tool would: every image whole
/// (run's --tile-size has no default), fewer images than cores get OpenCV's threads on every core, a batch one image
/// per core, each on one thread.
/// </summary>
internal static class OneMachine
{
    /// <summary>Sets OpenCV's threads for a job of <paramref name="images"/>; a configured Processing:OpenCvThreads still wins.</summary>
    public static void UseCoresFor(HostApplicationBuilder builder, int images) =>
        builder.Services.Configure<ProcessingOptions>(options =>
            options.OpenCvThreads = images < Environment.ProcessorCount ? Environment.ProcessorCount : 1);
}
