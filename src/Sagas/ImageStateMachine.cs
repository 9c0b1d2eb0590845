using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Layout;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>
/// Collects an image's processed tiles, then has it assembled. A chain with global steps makes passes:
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
        Event(() => TileProcessed, e => e.CorrelateById(m => m.Message.ImageId));
        Event(() => TileFailed, e => e.CorrelateById(m => m.Message.ImageId));
        Event(() => ProcessTileFaulted, e => e.CorrelateById(m => m.Message.Message.ImageId));
        Event(() => ImageAssembled, e => e.CorrelateById(m => m.Message.ImageId));
        Event(() => AssembleImageFaulted, e => e.CorrelateById(m => m.Message.Message.ImageId));
        Event(() => ReduceFaulted, e => e.CorrelateById(m => m.Message.Message.ImageId));

        Initially(
            RecordTile(When(TileProcessed)),
            FailOn(When(TileFailed), m => m.JobId, m => m.ImageIndex, m => m.ImageCount, m => m.Reason, TiledGeometry),
            FailOn(When(ProcessTileFaulted), m => m.Message.JobId, m => m.Message.ImageIndex, m => m.Message.ImageCount, FaultReason, TiledGeometry));

        During(Processing, Reducing,
            RecordTile(When(TileProcessed)),
            FailOn(When(TileFailed), m => m.JobId, m => m.ImageIndex, m => m.ImageCount, m => m.Reason, TiledGeometry),
            FailOn(When(ProcessTileFaulted), m => m.Message.JobId, m => m.Message.ImageIndex, m => m.Message.ImageCount, FaultReason, TiledGeometry),
            FailOn(When(ReduceFaulted), m => m.Message.JobId, m => m.Message.ImageIndex, m => m.Message.ImageCount, FaultReason, m => m.Message.Geometry));

        // Past counting, only an event handled again may find its effect unsent (see RecordTile): a tile
        // processed twice sends nothing again.
        During(Assembling,
            When(TileProcessed).If(HandledBefore, again => again.Send(QueueNames.Address(QueueNames.AssembleImage), c => Assemble(c.Saga))),
            When(ImageAssembled).Then(c => Touch(c.Saga)).TransitionTo(Completed).Publish(c => Completion(c.Saga)),
            FailOn(When(AssembleImageFaulted), m => m.Message.JobId, m => m.Message.ImageIndex, m => m.Message.ImageCount, FaultReason,
                m => m.Message.Geometry),
            Ignore(TileFailed),
            Ignore(ProcessTileFaulted),
            Ignore(ReduceFaulted));

        During(Completed,
            When(TileProcessed).If(HandledBefore, again => again.Publish(c => Completion(c.Saga))),
            When(ImageAssembled).Publish(c => Completion(c.Saga)),
            Ignore(TileFailed),
            Ignore(ProcessTileFaulted),
            Ignore(AssembleImageFaulted),
            Ignore(ReduceFaulted));

        // A tile that was running when its image failed may store its result or statistics after the
        // removal: each such tile has them removed again. A failure event handled again may find its
        // removal unsent, like any outgoing message (see RecordTile); other repeats (every tile of a
        // cancelled job fails) send none, one removal being enough.
        During(Failed,
            When(TileFailed).Publish(c => Failure(c.Saga)).If(HandledBefore, again => SendRemoval(again, TiledGeometry)),
            When(ProcessTileFaulted).Publish(c => Failure(c.Saga)).If(HandledBefore, again => SendRemoval(again, TiledGeometry)),
            When(AssembleImageFaulted).Publish(c => Failure(c.Saga)).If(HandledBefore, again => SendRemoval(again, m => m.Message.Geometry)),
            When(ReduceFaulted).Publish(c => Failure(c.Saga)).If(HandledBefore, again => SendRemoval(again, m => m.Message.Geometry)),
            SendRemoval(When(TileProcessed), m => m.IsWholeImage ? null : m.Geometry),
            Ignore(ImageAssembled));
    }

    public State Processing { get; private set; } = null!;
    public State Reducing { get; private set; } = null!;
    public State Assembling { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<TileProcessed> TileProcessed { get; private set; } = null!;
    public Event<TileFailed> TileFailed { get; private set; } = null!;
    public Event<Fault<ProcessTile>> ProcessTileFaulted { get; private set; } = null!;
    public Event<ImageAssembled> ImageAssembled { get; private set; } = null!;
    public Event<Fault<AssembleImage>> AssembleImageFaulted { get; private set; } = null!;
    public Event<Fault<ReduceTileStatistics>> ReduceFaulted { get; private set; } = null!;

    // A tile not counted before may finish its pass. A repeat of a counted tile sends nothing, unless this
    // very event is being handled again: then this saga may have saved its state and failed before its
    // outbox sent what the state implies, so it is sent again. Any other repeat (a tile processed twice
    // after a processor died) must stay quiet: each extra reduction queues the whole next pass again,
    // whose repeats would each send another, and so on (a storm of thousands of tiles).
    EventActivityBinder<ImageState, TileProcessed> RecordTile(EventActivityBinder<ImageState, TileProcessed> binder) =>
        binder.IfElse(c => CountsAsNew(c.Saga, c.Message),
            fresh => SendWhatTheCountImplies(fresh.Then(c => Record(c.Saga, c.Message))),
            repeat => repeat.IfElse(c => HandledBefore(c) && c.Message.Pass == c.Saga.Pass,
                again => SendWhatTheCountImplies(again),
                copy => copy.Then(c => Touch(c.Saga))));

    EventActivityBinder<ImageState, TileProcessed> SendWhatTheCountImplies(EventActivityBinder<ImageState, TileProcessed> binder) =>
        binder.IfElse(c => c.Saga.AllTilesDone,
            // Processors report an image processed whole straight to its job (ImageCompleted); this
            // branch serves such reports from processors of an earlier build still draining a queue.
            done => done.IfElse(c => c.Message.IsWholeImage,
                whole => whole.TransitionTo(Completed).Publish(c => Completion(c.Saga)),
                tiled => tiled.IfElse(c => c.Saga.IsLastPass,
                    last => last.TransitionTo(Assembling).Send(QueueNames.Address(QueueNames.AssembleImage), c => Assemble(c.Saga)),
                    earlier => earlier.TransitionTo(Reducing).Send(QueueNames.Address(QueueNames.AssembleImage), c => Reduce(c.Saga)))),
            waiting => waiting.TransitionTo(Processing));

    // The broker redelivers it (the saga's process died), or this process retries it (the outbox's send
    // failed after the state was saved): either way, what it implied may not have been sent.
    static bool HandledBefore<T>(BehaviorContext<ImageState, T> c) where T : class =>
        c.ReceiveContext.Redelivered || c.GetRetryAttempt() > 0;

    static bool CountsAsNew(ImageState saga, TileProcessed message) =>
        saga.TileBits.Length == 0
        || message.Pass > saga.Pass
        || (message.Pass == saga.Pass && TilesOf(message).Any(tile => !IndexSet.Contains(saga.TileBits, tile)));

    /// <summary>The tiles an event reports: one, or a run of consecutive small tiles processed by one command.</summary>
    static IEnumerable<int> TilesOf(TileProcessed message) => Enumerable.Range(message.TileIndex, message.TileRunLength);

    // A tiled image's failure also has what its tiles stored removed; an image processed whole stored nothing
    // but its source, which is kept.
    EventActivityBinder<ImageState, T> FailOn<T>(EventActivityBinder<ImageState, T> binder,
        Func<T, Guid> jobId, Func<T, int> imageIndex, Func<T, int> imageCount, Func<T, string> reason, Func<T, ImageGeometry?> tiledGeometry)
        where T : class =>
        SendRemoval(binder
            .Then(c =>
            {
                c.Saga.JobId = jobId(c.Message);
                c.Saga.ImageIndex = imageIndex(c.Message);
                c.Saga.ImageCount = imageCount(c.Message);
                c.Saga.FailureReason = reason(c.Message);
                Touch(c.Saga);
            })
            .TransitionTo(Failed)
            .Publish(c => Failure(c.Saga)), tiledGeometry);

    // Null geometry: the image was processed whole, or the event comes from a build that did not say.
    static EventActivityBinder<ImageState, T> SendRemoval<T>(EventActivityBinder<ImageState, T> binder, Func<T, ImageGeometry?> tiledGeometry)
        where T : class =>
        binder.If(c => tiledGeometry(c.Message) is not null,
            tiled => tiled.Send(QueueNames.Address(QueueNames.AssembleImage), c => Removal(c.Saga, tiledGeometry(c.Message)!)));

    static ImageGeometry? TiledGeometry(TileFailed message) => message.IsWholeImage ? null : message.Geometry;

    static ImageGeometry? TiledGeometry(Fault<ProcessTile> fault) => fault.Message.IsWholeImage ? null : fault.Message.Geometry;

    static void Record(ImageState saga, TileProcessed message)
    {
        if (saga.TileBits.Length == 0)
        {
            saga.JobId = message.JobId;
            saga.ImageIndex = message.ImageIndex;
            saga.ImageCount = message.ImageCount;
            saga.Width = message.Geometry.Width;
            saga.Height = message.Geometry.Height;
            saga.TileSize = message.Geometry.TileSize;
            saga.TileCount = message.Geometry.TileCount;
            saga.OutputKey = message.OutputKey;
            saga.OutputEncoding = message.OutputEncoding;
            saga.Operation = message.Operation;
            saga.ResultCacheKey = message.ResultCacheKey;
            saga.PassCount = message.PassCount;
            saga.TileBits = IndexSet.Create(message.Geometry.TileCount);
        }

        // Only events with a tile not counted before get here (CountsAsNew): the first tile of a later pass starts its count.
        if (message.Pass > saga.Pass)
        {
            saga.Pass = message.Pass;
            saga.TilesDone = 0;
            saga.TileBits = IndexSet.Create(saga.TileCount);
        }

        foreach (var tile in TilesOf(message))
        {
            if (IndexSet.Add(saga.TileBits, tile))
                saga.TilesDone++;
        }

        Touch(saga);
    }

    static void Touch(ImageState saga) => saga.UpdatedAt = DateTimeOffset.UtcNow;

    static string FaultReason<T>(Fault<T> fault) =>
        fault.Exceptions.FirstOrDefault() is { } exception
            ? $"processing failed after retries: {exception.Message}"
            : "processing failed after retries";

    static ImageGeometry GeometryOf(ImageState saga) =>
        new() { Width = saga.Width, Height = saga.Height, TileSize = saga.TileSize, TileCount = saga.TileCount };

    static AssembleImage Assemble(ImageState saga) => new()
    {
        JobId = saga.JobId,
        ImageId = saga.CorrelationId,
        ImageIndex = saga.ImageIndex,
        ImageCount = saga.ImageCount,
        Geometry = GeometryOf(saga),
        ResultsKey = JobKeys.Results(saga.JobId, saga.ImageIndex),
        Operation = saga.Operation,
        OutputKey = saga.OutputKey,
        OutputEncoding = saga.OutputEncoding,
        PassCount = saga.PassCount,
        ResultCacheKey = saga.ResultCacheKey,
    };

    static ReduceTileStatistics Reduce(ImageState saga) => new()
    {
        JobId = saga.JobId,
        ImageId = saga.CorrelationId,
        ImageIndex = saga.ImageIndex,
        ImageCount = saga.ImageCount,
        Geometry = GeometryOf(saga),
        Operation = saga.Operation,
        Pass = saga.Pass,
        PassCount = saga.PassCount,
        OutputKey = saga.OutputKey,
        OutputEncoding = saga.OutputEncoding,
        ResultCacheKey = saga.ResultCacheKey,
    };

    static ImageCompleted Completion(ImageState saga) => new()
    {
        JobId = saga.JobId,
        ImageId = saga.CorrelationId,
        ImageIndex = saga.ImageIndex,
        ImageCount = saga.ImageCount,
        OutputKey = saga.OutputKey,
    };

    static RemoveImageIntermediates Removal(ImageState saga, ImageGeometry geometry) => new()
    {
        JobId = saga.JobId,
        ImageId = saga.CorrelationId,
        ImageIndex = saga.ImageIndex,
        TileCount = geometry.TileCount,
    };

    static ImageFailed Failure(ImageState saga) => new()
    {
        JobId = saga.JobId,
        ImageId = saga.CorrelationId,
        ImageIndex = saga.ImageIndex,
        ImageCount = saga.ImageCount,
        Reason = saga.FailureReason ?? "unknown failure",
    };
}
