using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Operations;
using MassTransit;

namespace ImagePipeline.Orchestration.Hosting;

/// <summary>Retries for work consumers: storage or broker hiccups are retried, bad input never is.</summary>
internal static class TransientFailurePolicy
{
    public static void Apply(IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<InvalidImageException>();
            r.Ignore<UnknownOperationException>();
            // About half a minute in all: long enough to ride out a blob store restart, short enough
            // that a poison message reaches the error queue instead of circling forever.
            r.Intervals(200, 500, 1_000, 2_000, 5_000, 10_000, 15_000);
        });
}
