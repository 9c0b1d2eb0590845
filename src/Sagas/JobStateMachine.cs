using ImagePipeline.Contracts;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.Sagas;

/// <summary>
/// Counts a job's ended images and announces <see cref="JobCompleted"/> when the last one ends. It may
/// be created by any of its events, since a fast image can end before <see cref="JobSubmitted"/> is seen.
/// </summary>
public sealed partial class JobStateMachine : MassTransitStateMachine<JobState>
{
    public JobStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => JobSubmitted, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => ImageCompleted, e => e.CorrelateById(m => m.Message.Image.JobId));
        Event(() => ImageFailed, e => e.CorrelateById(m => m.Message.Image.JobId));

        Initially(
            When(JobSubmitted).Then(c => Describe(c.Saga.Status, c.Message)).TransitionTo(Running),
            RecordEnd(When(ImageCompleted), m => m.Image, failure: null),
            RecordEnd(When(ImageFailed), m => m.Image, m => m.Reason));

        During(Running,
            When(JobSubmitted).Then(c => Describe(c.Saga.Status, c.Message)),
            RecordEnd(When(ImageCompleted), m => m.Image, failure: null),
            RecordEnd(When(ImageFailed), m => m.Image, m => m.Reason));

        During(Finished,
            When(JobSubmitted).Then(c => Describe(c.Saga.Status, c.Message)),
            When(ImageCompleted).Publish(c => Completion(c.Saga)),
            When(ImageFailed).Publish(c => Completion(c.Saga)));
    }

    public State Running { get; private set; } = null!;
    public State Finished { get; private set; } = null!;

    public Event<JobSubmitted> JobSubmitted { get; private set; } = null!;
    public Event<ImageCompleted> ImageCompleted { get; private set; } = null!;
    public Event<ImageFailed> ImageFailed { get; private set; } = null!;

    EventActivityBinder<JobState, T> RecordEnd<T>(EventActivityBinder<JobState, T> binder, Func<T, ImageIdentity> image, Func<T, string>? failure)
        where T : class =>
        binder
            .Then(c => Record(c.Saga.Status, image(c.Message), failure?.Invoke(c.Message)))
            .ThenAsync(UncountLostOutputsAsync)
            .IfElse(c => c.Saga.Status.AllImagesEnded,
                done => done
                    .Then(c => c.Saga.Status.FinishedAt = DateTimeOffset.UtcNow)
                    .TransitionTo(Finished)
                    .Publish(c => Completion(c.Saga)),
                running => running.TransitionTo(Running));

    // Only as the last image ends: see LostOutputs.
    static async Task UncountLostOutputsAsync<T>(BehaviorContext<JobState, T> c)
        where T : class
    {
        if (!c.Saga.Status.AllImagesEnded)
            return;
        var lost = await LostOutputs.UncountAsync(c.GetServiceOrCreateInstance<IBlobStore>(), c.Saga.CorrelationId, c.Saga.Status, c.CancellationToken)
            .ConfigureAwait(false);
        if (lost.Count > 0)
            LogOutputsLost(c.GetServiceOrCreateInstance<ILogger<JobStateMachine>>(), c.Saga.CorrelationId, lost.Count, string.Join(", ", lost));
    }

    static void Describe(JobStatus job, JobSubmitted message)
    {
        job.Operation = message.Operation;
        job.SubmittedAt = message.SubmittedAt;
        EnsureSized(job, message.ImageCount);
    }

    static void Record(JobStatus job, ImageIdentity image, string? failureReason)
    {
        EnsureSized(job, image.Count);
        if (!IndexSet.Add(job.EndedBits, image.Index))
            return;

        if (failureReason is null)
        {
            job.ImagesCompleted++;
        }
        else
        {
            job.ImagesFailed++;
            job.FailureReasons[image.Index] = failureReason;
        }
    }

    static void EnsureSized(JobStatus job, int imageCount)
    {
        if (job.EndedBits.Length != 0)
            return;

        job.ImageCount = imageCount;
        job.EndedBits = IndexSet.Create(imageCount);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: {Count} images counted done have no output in the blob store (images {Indexes}); " +
        "they are counted again once re-driven")]
    static partial void LogOutputsLost(ILogger logger, Guid jobId, int count, string indexes);

    static JobCompleted Completion(JobState saga) => new() { JobId = saga.CorrelationId, ImagesFailed = saga.Status.ImagesFailed };
}
