using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Submitter.Hosting;

/// <summary>
/// A host's stop, begun at most once. A command begins it as soon as its bus is of no more use (the job it
/// waited for has ended, and only downloads are left, which need the blob store alone) and awaits it on
/// every way out.
/// </summary>
internal sealed class HostStop(IHost host)
{
    Task? _stopping;

    /// <summary>Stops the host, or returns the stop already begun.</summary>
    public Task StopAsync() => _stopping ??= host.StopAsync(CancellationToken.None);
}
