using ImagePipeline.Contracts;
using ImagePipeline.Protocol;
using MassTransit;

namespace ImagePipeline.Workers.Assembly;

/// <summary>The events an image-level command (assembly, or a pass's reduction) ends in, and the removal a failure asks for.</summary>
internal static class ImageEvents
{
    public static ImageAssembled Assembled(this AssembleImage command) => new()
    {
        JobId = command.JobId,
        ImageId = command.ImageId,
        ImageIndex = command.ImageIndex,
        ImageCount = command.ImageCount,
        OutputKey = command.OutputKey,
    };

    public static ImageFailed Failed(this AssembleImage command, string reason) =>
        Failed(command.JobId, command.ImageId, command.ImageIndex, command.ImageCount, reason);

    public static ImageFailed Failed(this ReduceTileStatistics command, string reason) =>
        Failed(command.JobId, command.ImageId, command.ImageIndex, command.ImageCount, reason);

    /// <summary>What the image's tiles left behind, to be removed now that it has failed (see <see cref="RemoveImageIntermediates"/>).</summary>
    public static RemoveImageIntermediates Leftovers(this AssembleImage command) =>
        new() { JobId = command.JobId, ImageId = command.ImageId, ImageIndex = command.ImageIndex, TileCount = command.Geometry.TileCount };

    public static RemoveImageIntermediates Leftovers(this ReduceTileStatistics command) =>
        new() { JobId = command.JobId, ImageId = command.ImageId, ImageIndex = command.ImageIndex, TileCount = command.Geometry.TileCount };

    /// <summary>Queues the removal where image-level commands go, as the image saga does for a failed tile.</summary>
    public static async Task SendAsync(this ConsumeContext context, RemoveImageIntermediates removal)
    {
        var endpoint = await context.GetSendEndpoint(QueueNames.Address(QueueNames.AssembleImage)).ConfigureAwait(false);
        await endpoint.Send(removal, context.CancellationToken).ConfigureAwait(false);
    }

    static ImageFailed Failed(Guid jobId, Guid imageId, int imageIndex, int imageCount, string reason) => new()
    {
        JobId = jobId,
        ImageId = imageId,
        ImageIndex = imageIndex,
        ImageCount = imageCount,
        Reason = reason,
    };
}
