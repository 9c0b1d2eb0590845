using ImagePipeline.Contracts;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>
/// Counts a job's ended images and announces <see cref="JobCompleted"/> when the last one ends. It may
/// be created by any of its events, since a fast image can end before <see cref="JobSubmitted"/> is seen.
/// </summary>
public sealed class JobStateMachine : MassTransitStateMachine<JobState>
{
    public JobStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => JobSubmitted, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => ImageCompleted, e => e.CorrelateById(m => m.Message.JobId));
        Event(() => ImageFailed, e => e.CorrelateById(m => m.Message.JobId));

        Initially(
            When(JobSubmitted).Then(c => Describe(c.Saga, c.Message)).TransitionTo(Running),
            RecordEnd(When(ImageCompleted), m => m.ImageIndex, m => m.ImageCount, failure: null),
            RecordEnd(When(ImageFailed), m => m.ImageIndex, m => m.ImageCount, m => m.Reason));

        During(Running,
            When(JobSubmitted).Then(c => Describe(c.Saga, c.Message)),
            RecordEnd(When(ImageCompleted), m => m.ImageIndex, m => m.ImageCount, failure: null),
            RecordEnd(When(ImageFailed), m => m.ImageIndex, m => m.ImageCount, m => m.Reason));

        During(Finished,
            When(JobSubmitted).Then(c => Describe(c.Saga, c.Message)),
            When(ImageCompleted).Publish(c => Completion(c.Saga)),
            When(ImageFailed).Publish(c => Completion(c.Saga)));
    }

    public State Running { get; private set; } = null!;
    public State Finished { get; private set; } = null!;

    public Event<JobSubmitted> JobSubmitted { get; private set; } = null!;
    public Event<ImageCompleted> ImageCompleted { get; private set; } = null!;
    public Event<ImageFailed> ImageFailed { get; private set; } = null!;

    EventActivityBinder<JobState, T> RecordEnd<T>(EventActivityBinder<JobState, T> binder,
        Func<T, int> imageIndex, Func<T, int> imageCount, Func<T, string>? failure)
        where T : class =>
        binder
            .Then(c => Record(c.Saga, imageIndex(c.Message), imageCount(c.Message), failure?.Invoke(c.Message)))
            .IfElse(c => c.Saga.AllImagesEnded,
                done => done
                    .Then(c => c.Saga.FinishedAt = DateTimeOffset.UtcNow)
                    .TransitionTo(Finished)
                    .Publish(c => Completion(c.Saga)),
                running => running.TransitionTo(Running));

    static void Describe(JobState saga, JobSubmitted message)
    {
        saga.Operation = message.Operation;
        saga.SubmittedAt = message.SubmittedAt;
        EnsureSized(saga, message.ImageCount);
    }

    static void Record(JobState saga, int imageIndex, int imageCount, string? failureReason)
    {
        EnsureSized(saga, imageCount);
        if (!IndexSet.Add(saga.EndedBits, imageIndex))
            return;

        if (failureReason is null)
        {
            saga.ImagesCompleted++;
        }
        else
        {
            saga.ImagesFailed++;
            saga.FailureReasons[imageIndex] = failureReason;
        }
    }

    static void EnsureSized(JobState saga, int imageCount)
    {
        if (saga.EndedBits.Length != 0)
            return;

        saga.ImageCount = imageCount;
        saga.EndedBits = IndexSet.Create(imageCount);
    }

    static JobCompleted Completion(JobState saga) => new()
    {
        JobId = saga.CorrelationId,
        ImagesCompleted = saga.ImagesCompleted,
        ImagesFailed = saga.ImagesFailed,
    };
}
