using ImagePipeline.Protocol;
using ImagePipeline.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Workers;

/// <summary>
/// A blob that work reads and still cannot find on the last attempt of <see cref="TransientFailurePolicy"/> is gone
/// for good (a store that lost it, or a submission that never stored it): retrying cannot bring it back, so the
/// work ends its image with a reason naming the blob rather than parking the message in an error queue, where
/// nothing would ever take it out.
/// </summary>
public sealed class MissingInputs(IOptions<ProcessingOptions> options)
{
    /// <summary>True when <paramref name="exception"/> is a missing blob and no retry is left after this attempt.</summary>
    public bool AreGoneForGood(ConsumeContext context, Exception exception) =>
        exception is BlobNotFoundException && context.GetRetryAttempt() >= options.Value.EffectiveRetryDelaysMs.Length;

    /// <summary>The failure reason, as a fault of the same work would give it.</summary>
    public static string Reason(Exception exception) => $"processing failed after retries: {exception.Message}";
}
