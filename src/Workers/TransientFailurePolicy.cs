using ImagePipeline.Imaging;
using ImagePipeline.Protocol;
using MassTransit;

namespace ImagePipeline.Workers;

/// <summary>Retries for work consumers: storage or broker hiccups are retried, bad input never is.</summary>
internal static class TransientFailurePolicy
{
    /// <param name="delaysMs">Waits between attempts (<see cref="ProcessingOptions.RetryDelaysMs"/>); after the last, the message goes to the error queue.</param>
    public static void Apply(IReceiveEndpointConfigurator endpoint, int[] delaysMs) =>
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<InvalidImageException>();
            r.Intervals(delaysMs);
        });
}
