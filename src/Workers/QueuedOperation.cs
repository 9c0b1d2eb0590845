using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;

namespace ImagePipeline.Workers;

/// <summary>The operation spec a queued message carries.</summary>
internal static class QueuedOperation
{
    /// <summary>
    /// The submitter checked the spec; one that fails here can never succeed anywhere, so it fails the image
    /// instead of being retried.
    /// </summary>
    /// <exception cref="InvalidImageException">The spec does not parse.</exception>
    public static OperationChain Parse(string spec)
    {
        try
        {
            return OperationSpec.Parse(spec);
        }
        catch (OperationSpecException exception)
        {
            throw new InvalidImageException(exception.Message, exception);
        }
    }
}
