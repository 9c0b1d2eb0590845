using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Sagas;

public sealed class ImageStateDefinition(IOptions<ProcessingOptions> options)
    : PipelineSagaDefinition<ImageState>(QueueNames.ImageState, options)
{
    // Events of one image take turns within this process, so they do not race for its state;
    // only processes hosting the sagas side by side can still conflict (and retry).
    protected override void Partition(IReceiveEndpointConfigurator endpoint, IPartitioner lanes)
    {
        endpoint.UsePartitioner<TileProcessed>(lanes, c => c.Message.Image.ImageId);
        endpoint.UsePartitioner<TileFailed>(lanes, c => c.Message.Image.ImageId);
        endpoint.UsePartitioner<ImageAssembled>(lanes, c => c.Message.Image.ImageId);
        endpoint.UsePartitioner<Fault<ProcessTile>>(lanes, c => c.Message.Message.Image.ImageId);
        endpoint.UsePartitioner<Fault<AssembleImage>>(lanes, c => c.Message.Message.Image.ImageId);
        endpoint.UsePartitioner<Fault<ReduceTileStatistics>>(lanes, c => c.Message.Message.Image.ImageId);
    }
}
