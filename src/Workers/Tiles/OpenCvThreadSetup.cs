using ImagePipeline.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImagePipeline.Workers.Tiles;

/// <summary>Applies <see cref="ProcessingOptions.OpenCvThreads"/> before the first tile arrives.</summary>
internal sealed class OpenCvThreadSetup(IOptions<ProcessingOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.OpenCvThreads > 0)
            Cv2.SetNumThreads(options.Value.OpenCvThreads);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
