using ImagePipeline.Protocol;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers;

/// <summary>
/// What the image-level work shares (a reduction, an assembly, a removal: one message per image, each on its own
/// queue): one message at a time per process, since an assembly holds a whole output image in memory, and the
/// retries of every work consumer.
/// </summary>
public abstract class ImageWorkDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    readonly int[] _retryDelaysMs;

    protected ImageWorkDefinition(string queue, IOptions<ProcessingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _retryDelaysMs = options.Value.EffectiveRetryDelaysMs;
        EndpointName = queue;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchCount = 2;
        TransientFailurePolicy.Apply(endpointConfigurator, _retryDelaysMs);
    }
}
