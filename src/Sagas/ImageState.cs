using System.Text.Json.Serialization;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Sagas.Persistence;
using MassTransit;

namespace ImagePipeline.Sagas;

/// <summary>The progress of one tiled image: which of its tiles are processed in the current pass, then its assembly.</summary>
public sealed class ImageState : SagaStateMachineInstance, IStoredSagaState
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    /// <summary>From the first event: every event about the image carries its identity and recipe.</summary>
    public ImageIdentity? Image { get; set; }

    public ImageRecipe? Recipe { get; set; }

    /// <summary>The pass whose tiles <see cref="TileBits"/> counts; earlier passes are done and reduced.</summary>
    public int Pass { get; set; }

    public int TilesDone { get; set; }
    public byte[] TileBits { get; set; } = [];
    public string? FailureReason { get; set; }

    /// <summary>Set while the image's work is parked because a dependency was unavailable; cleared by its next progress.</summary>
    public string? WaitingOn { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What the saga publishes about the image, written with its state: status reads only this.</summary>
    public ImageStatus Status => new()
    {
        Phase = CurrentState switch
        {
            nameof(ImageStateMachine.Reducing) => ImagePhase.Reducing,
            nameof(ImageStateMachine.Assembling) => ImagePhase.Assembling,
            nameof(ImageStateMachine.Completed) => ImagePhase.Done,
            nameof(ImageStateMachine.Failed) => ImagePhase.Failed,
            _ => ImagePhase.Processing,
        },
        Pass = Pass,
        TilesDone = TilesDone,
        FailureReason = FailureReason,
        WaitingOn = WaitingOn,
    };

    [JsonIgnore]
    public bool IsTiled => Recipe?.Tiling is not null;

    [JsonIgnore]
    public bool PassIsDone => TileBits.Length > 0 && TilesDone == ImageLayout.TileCountOf(Recipe?.Tiling);

    [JsonIgnore]
    public bool IsLastPass => Recipe is null || Pass >= Recipe.PassCount - 1;

    public static string KeyOf(Guid correlationId) => StoreLayout.ImageStatus(correlationId);

    /// <summary>
    /// Whether the event reports a tile this state has not counted: the image's first, a tile of a later pass
    /// (the reducer has queued it), or a tile of this pass not yet in. A tile of an earlier pass is a late repeat.
    /// </summary>
    public bool IsNew(TileProcessed message) =>
        TileBits.Length == 0
        || message.Pass > Pass
        || (message.Pass == Pass && TilesOf(message).Any(tile => !IndexSet.Contains(TileBits, tile)));

    /// <summary>Counts the event's tiles; the first tile of a later pass starts that pass's count.</summary>
    public void Count(TileProcessed message)
    {
        if (TileBits.Length == 0)
        {
            (Image, Recipe) = (message.Image, message.Recipe);
            TileBits = IndexSet.Create(ImageLayout.TileCountOf(Recipe.Tiling));
        }

        if (message.Pass > Pass)
        {
            (Pass, TilesDone) = (message.Pass, 0);
            TileBits = IndexSet.Create(ImageLayout.TileCountOf(Recipe!.Tiling));
        }

        foreach (var tile in TilesOf(message))
        {
            if (IndexSet.Add(TileBits, tile))
                TilesDone++;
        }

        WaitingOn = null;
        Touch();
    }

    /// <summary>The image fails; a failure arriving first tells the state which image it is.</summary>
    public void Fail(ImageIdentity image, ImageRecipe recipe, string reason)
    {
        Image ??= image;
        Recipe ??= recipe;
        FailureReason = reason;
        Touch();
    }

    /// <summary>
    /// A piece of the image's work gave up because <paramref name="dependency"/> was unavailable: it is parked in its
    /// error queue for <c>imagepipe retry</c>, and the image waits instead of failing.
    /// </summary>
    public void WaitOn(ImageIdentity image, ImageRecipe recipe, string dependency)
    {
        Image ??= image;
        Recipe ??= recipe;
        WaitingOn = dependency;
        Touch();
    }

    public void Touch() => UpdatedAt = DateTimeOffset.UtcNow;

    static IEnumerable<int> TilesOf(TileProcessed message) => Enumerable.Range(message.Tiles.First, message.Tiles.Count);
}
