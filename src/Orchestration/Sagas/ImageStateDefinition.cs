using ImagePipeline.Contracts;
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
        IRegistrationContext context)
    {
        // Events of one image take turns within this process, so they do not race for its state;
        // only processes hosting the sagas side by side can still conflict (and retry).
        var byImage = endpointConfigurator.CreatePartitioner(SagaEndpointPolicy.PartitionCount);
        endpointConfigurator.UsePartitioner<TileProcessed>(byImage, c => c.Message.ImageId);
        endpointConfigurator.UsePartitioner<TileFailed>(byImage, c => c.Message.ImageId);
        endpointConfigurator.UsePartitioner<ImageAssembled>(byImage, c => c.Message.ImageId);
        endpointConfigurator.UsePartitioner<Fault<ProcessTile>>(byImage, c => c.Message.Message.ImageId);
        endpointConfigurator.UsePartitioner<Fault<AssembleImage>>(byImage, c => c.Message.Message.ImageId);
        endpointConfigurator.UsePartitioner<Fault<ReduceTileStatistics>>(byImage, c => c.Message.Message.ImageId);
        SagaEndpointPolicy.Apply(endpointConfigurator, context, _retryDelaysMs);
    }
}
