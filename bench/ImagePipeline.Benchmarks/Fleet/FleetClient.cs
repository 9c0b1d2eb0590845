using System.Diagnostics;
using ImagePipeline.Client.Progress;
using ImagePipeline.Client.Submitting;
using ImagePipeline.Contracts;
using ImagePipeline.Hosting;
using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Benchmarks.Fleet;

/// <summary>
/// A client of the fleet under test, configured as a submitting machine is (IMAGEPIPE_* variables): submits jobs
/// in-process and follows them by their status documents, so polling costs no process start.
/// </summary>
internal sealed class FleetClient : IAsyncDisposable
{
    readonly IHost _host;

    FleetClient(IHost host) => _host = host;

    public static async Task<FleetClient> StartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables(prefix: "IMAGEPIPE_");
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.Error);
        builder.Services.AddBlobStore();
        builder.Services.AddPipelineBus(PipelineRoles.None, BusTransport.RabbitMq);
        builder.Services.AddPipelineJobs();
        var host = builder.Build();
        await host.StartAsync();
        return new FleetClient(host);
    }

    /// <summary>Submits without reusing kept results: every run must do the work.</summary>
    public async Task<Guid> SubmitAsync(IReadOnlyList<string> files, string operation, int tileSize, JobPriority priority, Guid? jobId = null)
    {
        var request = new JobRequest(files, operation, tileSize) { JobId = jobId, Priority = priority, Caching = ResultCaching.Off };
        var manifest = await _host.Services.GetRequiredService<JobSubmitter>().SubmitAsync(request, null, CancellationToken.None);
        return manifest.JobId;
    }

    public Task<JobProgress?> ReadAsync(Guid jobId) => _host.Services.GetRequiredService<JobStatusReader>().TryReadAsync(jobId, CancellationToken.None);

    /// <summary>Polls until <paramref name="until"/> holds, recording (seconds since <paramref name="clock"/> started, tile tasks done).</summary>
    public async Task<JobProgress> WaitAsync(Guid jobId, Func<JobProgress, bool> until, Stopwatch clock, List<(double Seconds, int TilesDone)>? trace = null,
        TimeSpan? timeout = null)
    {
        var deadline = clock.Elapsed + (timeout ?? TimeSpan.FromMinutes(30));
        while (clock.Elapsed < deadline)
        {
            if (await ReadAsync(jobId) is { } progress)
            {
                trace?.Add((clock.Elapsed.TotalSeconds, progress.TilesDone));
                if (until(progress))
                    return progress;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"job {jobId} did not get there in time");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
