namespace ImagePipeline.Imaging;

/// <summary>
/// The input is not an image the pipeline will process (corrupt, truncated, not an image, too
/// many pixels). Permanent: retrying cannot help, so it fails that one image with <see cref="Exception.Message"/>
/// as the reason the user sees.
/// </summary>
public sealed class InvalidImageException(string reason, Exception? inner = null) : Exception(reason, inner);
