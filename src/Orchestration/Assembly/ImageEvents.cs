using ImagePipeline.Contracts;

namespace ImagePipeline.Orchestration.Assembly;

/// <summary>The events an image-level command (assembly, or a pass's reduction) ends in.</summary>
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

    static ImageFailed Failed(Guid jobId, Guid imageId, int imageIndex, int imageCount, string reason) => new()
    {
        JobId = jobId,
        ImageId = imageId,
        ImageIndex = imageIndex,
        ImageCount = imageCount,
        Reason = reason,
    };
}
