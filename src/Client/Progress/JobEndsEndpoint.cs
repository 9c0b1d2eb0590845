using ImagePipeline.Protocol;
using MassTransit;

namespace ImagePipeline.Client.Progress;

/// <summary>
/// The temporary queue a waiting process hears <see cref="Contracts.JobCompleted"/> on (<see cref="JobEndListener"/>).
/// Named by the pipeline, not after the machine and process as MassTransit's temporary endpoints are, so that
/// <c>deploy/rabbitmq/setup-pipeline.sh</c> can let its least-privilege submitter declare these queues and no others.
/// </summary>
internal sealed class JobEndsEndpoint : IEndpointDefinition
{
    readonly string _name = QueueNames.JobEndsPrefix + Guid.NewGuid().ToString("N");

    public bool IsTemporary => true;

    public int? PrefetchCount => null;

    public int? ConcurrentMessageLimit => null;

    public bool ConfigureConsumeTopology => true;

    public string GetEndpointName(IEndpointNameFormatter formatter) => _name;

    public void Configure<T>(T configurator, IRegistrationContext? context)
        where T : IReceiveEndpointConfigurator
    {
    }
}
