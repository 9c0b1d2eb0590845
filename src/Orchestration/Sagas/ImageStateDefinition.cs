using ImagePipeline.Orchestration.Hosting;
using MassTransit;

namespace ImagePipeline.Orchestration.Sagas;

public sealed class ImageStateDefinition : SagaDefinition<ImageState>
{
    public ImageStateDefinition() => EndpointName = QueueNames.ImageState;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<ImageState> sagaConfigurator,
        IRegistrationContext context) =>
        SagaEndpointPolicy.Apply(endpointConfigurator, context);
}
