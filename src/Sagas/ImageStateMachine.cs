using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>
/// Collects a tiled image's processed tiles, then has it assembled. A chain with global steps makes passes:
/// when every tile of a pass is in, the pass's statistics are reduced, and the reducer queues the next
/// pass; the first tile of a later pass moves the count on, and a late tile of an earlier pass is ignored.
/// Every event may arrive twice (at-least-once delivery, and outgoing messages are sent only after the
/// state is saved): a redelivered event re-sends what its state already implies, since a crash may have
/// kept it from being sent; a tile processed twice sends nothing again; and the receivers are idempotent.
/// </summary>
public sealed class ImageStateMachine : MassTransitStateMachine<ImageState>
{
    public ImageStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => TileProcessed, e => e.CorrelateById(m => m.Message.Image.ImageId));
        Event(() => TileFailed, e => e.CorrelateById(m => m.Message.Image.ImageId));
        Event(() => TileFaulted, e => e.CorrelateById(m => m.Message.Message.Image.ImageId));
        Event(() => ReductionFaulted, e => e.CorrelateById(m => m.Message.Message.Image.ImageId));
        Event(() => ImageAssembled, e => e.CorrelateById(m => m.Message.Image.ImageId));
        Event(() => AssemblyFaulted, e => e.CorrelateById(m => m.Message.Message.Image.ImageId));

        During(Initial, Processing, Reducing,
            Count(When(TileProcessed)),
            Fail(When(TileFailed), m => (m.Image, m.Recipe, m.Reason)),
            FailOrWait(When(TileFaulted), f => (f.Message.Image, f.Message.Recipe)),
            FailOrWait(When(ReductionFaulted), f => (f.Message.Image, f.Message.Recipe)));

        // Only after the state went backwards (a store that lost its last writes) does an assembly end here: the
        // output is written, so the image is done (the job saga checks that it still is before the job ends).
        During(Processing, Reducing,
            When(ImageAssembled).Then(c => c.Saga.Touch()).TransitionTo(Completed).Publish(c => Completion(c.Saga)),
            FailOrWait(When(AssemblyFaulted), f => (f.Message.Image, f.Message.Recipe)));

        // Past counting, only an event handled again may find its effect unsent (see Count): a tile
        // processed twice sends nothing again.
        During(Assembling,
            When(TileProcessed).If(HandledBefore, again => again.Send(QueueNames.AssembleImageAddress, c => Assembly(c.Saga))),
            When(ImageAssembled).Then(c => c.Saga.Touch()).TransitionTo(Completed).Publish(c => Completion(c.Saga)),
            FailOrWait(When(AssemblyFaulted), f => (f.Message.Image, f.Message.Recipe)),
            Ignore(TileFailed),
            Ignore(TileFaulted),
            Ignore(ReductionFaulted));

        During(Completed,
            When(TileProcessed).If(HandledBefore, again => again.Publish(c => Completion(c.Saga))),
            When(ImageAssembled).Publish(c => Completion(c.Saga)),
            Ignore(TileFailed),
            Ignore(TileFaulted),
            Ignore(AssemblyFaulted),
            Ignore(ReductionFaulted));

        // A tile that was running when its image failed may store its result or statistics after the
        // removal: each such tile has them removed again. A failure event handled again may find its
        // removal unsent, like any outgoing message (see Count); other repeats (every tile of a
        // cancelled job fails) send none, one removal being enough.
        During(Failed,
            FailAgain(When(TileFailed)),
            FailAgain(When(TileFaulted)),
            FailAgain(When(AssemblyFaulted)),
            FailAgain(When(ReductionFaulted)),
            RemoveWhatIsStored(When(TileProcessed)),
            Ignore(ImageAssembled));
    }

    public State Processing { get; private set; } = null!;
    public State Reducing { get; private set; } = null!;
    public State Assembling { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<TileProcessed> TileProcessed { get; private set; } = null!;
    public Event<TileFailed> TileFailed { get; private set; } = null!;
    public Event<Fault<ProcessTile>> TileFaulted { get; private set; } = null!;
    public Event<Fault<ReduceTileStatistics>> ReductionFaulted { get; private set; } = null!;
    public Event<ImageAssembled> ImageAssembled { get; private set; } = null!;
    public Event<Fault<AssembleImage>> AssemblyFaulted { get; private set; } = null!;

    // A tile not counted before may finish its pass. A repeat of a counted tile sends nothing, unless this
    // very event is being handled again: then this saga may have saved its state and failed before its
    // outbox sent what the state implies, so it is sent again. Any other repeat (a tile processed twice
    // after a processor died) must stay quiet: each extra reduction queues the whole next pass again,
    // whose repeats would each send another, and so on (a storm of thousands of tiles).
    EventActivityBinder<ImageState, TileProcessed> Count(EventActivityBinder<ImageState, TileProcessed> tile) =>
        tile.IfElse(c => c.Saga.IsNew(c.Message) || (HandledBefore(c) && c.Message.Pass == c.Saga.Pass),
            counted => counted
                .Then(c => c.Saga.Count(c.Message))
                .If(c => !c.Saga.PassIsDone, waiting => waiting.TransitionTo(Processing))
                .If(c => c.Saga.PassIsDone && !c.Saga.IsLastPass,
                    passDone => passDone.TransitionTo(Reducing).Send(QueueNames.ReduceTileStatisticsAddress, c => Reduction(c.Saga)))
                .If(c => c.Saga.PassIsDone && c.Saga.IsLastPass,
                    allDone => allDone.TransitionTo(Assembling).Send(QueueNames.AssembleImageAddress, c => Assembly(c.Saga))),
            repeat => repeat.Then(c => c.Saga.Touch()));

    // The image fails, and a tiled image also has what its tiles stored removed; an image processed whole
    // stored nothing but its source, which is kept.
    EventActivityBinder<ImageState, T> Fail<T>(EventActivityBinder<ImageState, T> binder,
        Func<T, (ImageIdentity Image, ImageRecipe Recipe, string Reason)> failure)
        where T : class =>
        RemoveWhatIsStored(binder
            .Then(c =>
            {
                var (image, recipe, reason) = failure(c.Message);
                c.Saga.Fail(image, recipe, reason);
            })
            .TransitionTo(Failed)
            .Publish(c => Failure(c.Saga)));

    // Work that gave up because the blob store or broker was unavailable is parked in its error queue, and the image
    // waits for `imagepipe retry` (its status says on what); any other fault fails the image.
    EventActivityBinder<ImageState, Fault<T>> FailOrWait<T>(EventActivityBinder<ImageState, Fault<T>> binder,
        Func<Fault<T>, (ImageIdentity Image, ImageRecipe Recipe)> work)
        where T : class =>
        binder.IfElse(c => DependencyFailures.Describe(c.Message.Exceptions.FirstOrDefault()) is not null,
            wait => wait
                .Then(c =>
                {
                    var (image, recipe) = work(c.Message);
                    c.Saga.WaitOn(image, recipe, DependencyFailures.Describe(c.Message.Exceptions.FirstOrDefault())!);
                })
                .If(c => c.Saga.CurrentState == Initial.Name, first => first.TransitionTo(Processing)),
            fail => Fail(fail, f => (work(f).Image, work(f).Recipe, AfterRetries(f))));

    static EventActivityBinder<ImageState, T> FailAgain<T>(EventActivityBinder<ImageState, T> binder)
        where T : class =>
        binder.Publish(c => Failure(c.Saga)).If(HandledBefore, again => RemoveWhatIsStored(again));

    static EventActivityBinder<ImageState, T> RemoveWhatIsStored<T>(EventActivityBinder<ImageState, T> binder)
        where T : class =>
        binder.If(c => c.Saga.IsTiled, tiled => tiled.Send(QueueNames.RemoveImageIntermediatesAddress, c => Removal(c.Saga)));

    // The broker redelivers it (the saga's process died), or this process retries it (the outbox's send
    // failed after the state was saved): either way, what it implied may not have been sent.
    static bool HandledBefore<T>(BehaviorContext<ImageState, T> c)
        where T : class =>
        c.ReceiveContext.Redelivered || c.GetRetryAttempt() > 0;

    static string AfterRetries<T>(Fault<T> fault) =>
        fault.Exceptions.FirstOrDefault() is { } exception
            ? $"processing failed after retries: {exception.Message}"
            : "processing failed after retries";

    static ReduceTileStatistics Reduction(ImageState saga) => new() { Image = saga.Image!, Recipe = saga.Recipe!, Pass = saga.Pass };

    static AssembleImage Assembly(ImageState saga) => new() { Image = saga.Image!, Recipe = saga.Recipe! };

    static RemoveImageIntermediates Removal(ImageState saga) => new() { Image = saga.Image!, Recipe = saga.Recipe! };

    static ImageCompleted Completion(ImageState saga) => new() { Image = saga.Image! };

    static ImageFailed Failure(ImageState saga) => new() { Image = saga.Image!, Reason = saga.FailureReason! };
}
