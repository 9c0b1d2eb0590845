using ImagePipeline.Imaging.Codecs.Probing;

namespace ImagePipeline.Imaging.Codecs;

/// <summary>Reads image headers without decoding, so oversized or broken files are refused cheaply.</summary>
public static class ImageProbe
{
    /// <summary>
    /// Reads the format and size of a PNG, JPEG, WebP, BMP or TIFF file from its first bytes only
    /// (a JPEG's metadata segments are skipped, not read). Reads from the stream's current position;
    /// a seekable stream is put back there afterwards, so it can be decoded next.
    /// </summary>
    /// <remarks>The size is the stored one: a JPEG's EXIF orientation may swap width and height on decoding.</remarks>
    /// <exception cref="InvalidImageException">Not a supported image, or its header is unreadable.</exception>
    public static ImageHeader ReadHeader(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var start = file.CanSeek ? file.Position : -1;
        try
        {
            var reader = new HeaderReader(file);
            var head = reader.Peek();
            if (head.IsEmpty)
            {
                throw HeaderReader.NotSupported("the file is empty");
            }

            if (FileSignature.IsPng(head))
            {
                return PngHeaderParser.Parse(reader);
            }

            if (FileSignature.IsJpeg(head))
            {
                return JpegHeaderParser.Parse(reader);
            }

            if (FileSignature.IsWebP(head))
            {
                return WebPHeaderParser.Parse(reader);
            }

            if (FileSignature.IsBmp(head))
            {
                return BmpHeaderParser.Parse(reader);
            }

            if (FileSignature.IsTiff(head))
            {
                return TiffHeaderParser.Parse(reader);
            }

            throw HeaderReader.NotSupported("the file is not PNG, JPEG, WebP, BMP or TIFF (unknown signature)");
        }
        finally
        {
            if (start >= 0)
            {
                file.Position = start;
            }
        }
    }
}
