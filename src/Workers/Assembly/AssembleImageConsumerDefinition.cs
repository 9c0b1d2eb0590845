using ImagePipeline.Protocol;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Assembly;

public sealed class AssembleImageConsumerDefinition(IOptions<ProcessingOptions> options)
    : ImageWorkDefinition<AssembleImageConsumer>(QueueNames.AssembleImage, options);
