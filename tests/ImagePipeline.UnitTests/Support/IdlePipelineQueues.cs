using ImagePipeline.Sagas.Reconciling;

namespace ImagePipeline.UnitTests.Support;

/// <summary>A broker with nothing queued and nothing parked, for the reconciler.</summary>
internal sealed class IdlePipelineQueues : IPipelineQueues
{
    public Task<bool> AreIdleAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<int> ReplayUnavailableAsync(Guid jobId, CancellationToken cancellationToken) => Task.FromResult(0);
}
