using ImagePipeline.Protocol;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Cleanup;

public sealed class RemoveImageIntermediatesConsumerDefinition(IOptions<ProcessingOptions> options)
    : ImageWorkDefinition<RemoveImageIntermediatesConsumer>(QueueNames.RemoveImageIntermediates, options);
