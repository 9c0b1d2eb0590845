using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Client;

/// <summary>
/// The bus's send endpoints, once its host has started. Building and starting the bus keeps one core busy
/// for a few hundred milliseconds; a job submitted while the host starts stores, decodes and cuts its first
/// inputs on the other core meanwhile, and waits here only for its first send.
/// </summary>
public sealed class StartedBus(IHostApplicationLifetime lifetime, IServiceProvider services)
{
    public async Task<ISendEndpointProvider> WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = lifetime.ApplicationStarted;
        if (!started.IsCancellationRequested)
        {
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (started.Register(() => signal.TrySetResult()).ConfigureAwait(false))
                await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Resolved only now: the first resolution is what builds the bus, which is the host start's work.
        return services.GetRequiredService<IBus>();
    }
}
