using ImagePipeline.Orchestration.Hosting;
using ImagePipeline.Orchestration.Processing;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Orchestration.Sagas;

public sealed class ImageStateDefinition : SagaDefinition<ImageState>
{
    readonly int[] _retryDelaysMs;

    public ImageStateDefinition(IOptions<ProcessingOptions> options)
    {
        EndpointName = QueueNames.ImageState;
        _retryDelaysMs = options.Value.EffectiveRetryDelaysMs;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<ImageState> sagaConfigurator,
        IRegistrationContext context) =>
        SagaEndpointPolicy.Apply(endpointConfigurator, context, _retryDelaysMs);
}
