using Microsoft.Extensions.Hosting;

namespace ImagePipeline.Submitter.Hosting;

internal static class HostStartup
{
    /// <summary>Starts the host, giving up after <paramref name="timeout"/>: a broker that never answers must not hang the CLI.</summary>
    public static async Task StartWithinAsync(this IHost host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfrastructureUnavailableException(
                $"The message broker did not answer within {timeout.TotalSeconds:0} s. Check RabbitMq:Host, RabbitMq:Port and the credentials (IMAGEPIPE_RabbitMq__*).");
        }
    }
}
