using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Sagas.Persistence;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>The progress of one job: which of its images have ended, and how. All of it is published.</summary>
public sealed class JobState : SagaStateMachineInstance, IStoredSagaState
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public JobStatus Status { get; set; } = new();

    public static string KeyOf(Guid correlationId) => StoreLayout.JobStatus(correlationId);
}
