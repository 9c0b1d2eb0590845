using ImagePipeline.Protocol;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers.Passes;

public sealed class ReduceTileStatisticsConsumerDefinition(IOptions<ProcessingOptions> options)
    : ImageWorkDefinition<ReduceTileStatisticsConsumer>(QueueNames.ReduceTileStatistics, options);
