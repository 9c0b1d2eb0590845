namespace ImagePipeline.Sagas.Reconciling;

/// <summary>What the reconciler needs of the broker: whether any work waits, and a job's parked work put back.</summary>
public interface IPipelineQueues
{
    /// <summary>True when no message waits in any of the pipeline's work or saga queues.</summary>
    Task<bool> AreIdleAsync(CancellationToken cancellationToken);

    /// <summary>Puts back the job's messages parked in the error queues because a dependency was unavailable.</summary>
    /// <returns>How many went back.</returns>
    Task<int> ReplayUnavailableAsync(Guid jobId, CancellationToken cancellationToken);
}
