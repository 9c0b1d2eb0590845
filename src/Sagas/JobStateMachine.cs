using ImagePipeline.Contracts;
using ImagePipeline.Protocol.Status;
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
            .IfElse(c => c.Saga.Status.AllImagesEnded,
                done => done
                    .Then(c => c.Saga.Status.FinishedAt = DateTimeOffset.UtcNow)
                    .TransitionTo(Finished)
                    .Publish(c => Completion(c.Saga)),
                running => running.TransitionTo(Running));

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

    static JobCompleted Completion(JobState saga) => new() { JobId = saga.CorrelationId, ImagesFailed = saga.Status.ImagesFailed };
}
