using ImagePipeline.Client;
using ImagePipeline.Client.Downloads;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Submitter.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.UnitTests.Support;

/// <summary>Runs a job through the embedded pipeline (the real consumers and sagas, in one process) and downloads its outputs.</summary>
public static class EmbeddedRun
{
    public static async Task<JobProgress> RunAsync(string workFolder, IReadOnlyList<string> inputs, string operation, int tileSize,
        string outputFolder, TimeSpan? timeout = null)
    {
        using var host = ClientHosts.Embedded(Path.Combine(workFolder, "store-" + Guid.NewGuid().ToString("N")), configFile: null);
        await host.StartAsync();
        try
        {
            var (_, progress) = await OnHostAsync(host, new JobRequest(inputs, operation, tileSize), outputFolder, timeout);
            return progress;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>The same on a host that is already running, for tests that run several jobs against one store.</summary>
    public static async Task<(JobManifest Manifest, JobProgress Progress)> OnHostAsync(IHost host, JobRequest request, string outputFolder,
        TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var services = host.Services;
        var manifest = await services.GetRequiredService<JobSubmitter>().SubmitAsync(request, null, deadline.Token);
        var progress = await services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMilliseconds(50), null, deadline.Token);
        await services.GetRequiredService<ResultDownloader>().DownloadAsync(manifest, progress, outputFolder, deadline.Token);
        return (manifest, progress);
    }

    /// <summary>
    /// Starts <paramref name="host"/> and runs a job that was cancelled before the bus started: its inputs are
    /// stored, and every one of its tiles finds the job cancelled.
    /// </summary>
    public static async Task<(JobManifest Manifest, JobProgress Progress)> CancelledFromTheStartAsync(IHost host, JobRequest request,
        CancellationToken cancellationToken)
    {
        var services = host.Services;
        var jobId = Guid.NewGuid();
        await services.GetRequiredService<JobCancellation>().CancelAsync(jobId, cancellationToken);
        await host.StartAsync(cancellationToken);
        var manifest = await services.GetRequiredService<JobSubmitter>().SubmitAsync(request with { JobId = jobId }, null, cancellationToken);
        var progress = await services.GetRequiredService<JobWaiter>().WaitAsync(manifest, TimeSpan.FromMilliseconds(50), null, cancellationToken);
        return (manifest, progress);
    }
}
