using ImagePipeline.Sagas.Reconciling;

namespace ImagePipeline.Hosting.RabbitMq;

/// <summary>The reconciler's view of the broker, through the same connection settings as the bus.</summary>
internal sealed class RabbitMqPipelineQueues(ParkedMessages parked) : IPipelineQueues
{
    public Task<bool> AreIdleAsync(CancellationToken cancellationToken) => parked.AreIdleAsync(cancellationToken);

    public async Task<int> ReplayUnavailableAsync(Guid jobId, CancellationToken cancellationToken) =>
        (await parked.ReplayAsync(jobId, cancellationToken, unavailableOnly: true).ConfigureAwait(false)).Values.Sum();
}
