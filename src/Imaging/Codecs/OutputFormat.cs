namespace ImagePipeline.Imaging.Codecs;

/// <summary>The file formats outputs can be written in.</summary>
public enum OutputFormat
{
    Png,
    Jpeg,
    WebP,
    Tiff,
}
