using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using MassTransit;

namespace ImagePipeline.Workers;

/// <summary>How image-level work (a reduction, an assembly) that can never succeed ends its image.</summary>
internal static class ImageFailures
{
    /// <summary>
    /// Reports the image failed, straight to its job, so nothing lands in an error queue; and, every tile of the
    /// image being in, has what they stored removed at once, as the image saga does for a failed tile.
    /// </summary>
    public static async Task FailImageAsync(this ConsumeContext context, ImageIdentity image, ImageRecipe recipe, string reason)
    {
        await context.Publish(new ImageFailed { Image = image, Reason = reason }, context.CancellationToken).ConfigureAwait(false);
        if (recipe.Tiling is null)
            return;
        var removals = await context.GetSendEndpoint(QueueNames.RemoveImageIntermediatesAddress).ConfigureAwait(false);
        await removals.Send(new RemoveImageIntermediates { Image = image, Recipe = recipe }, context.CancellationToken).ConfigureAwait(false);
    }
}
