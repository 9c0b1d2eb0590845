using OpenCvSharp;

namespace ImagePipeline.Imaging.Codecs;

/// <summary>Decoding and encoding of whole image files.</summary>
public static class ImageCodec
{
    /// <summary>Decodes as the seed's <c>cv2.imread</c> does by default: 8-bit, 3-channel BGR.</summary>
    /// <exception cref="InvalidImageException">The bytes are not a decodable image.</exception>
    public static Mat DecodeBgr(byte[] encoded) => throw new NotImplementedException();

    /// <summary>Encodes losslessly as PNG (one channel for gray images, three for colour).</summary>
    public static byte[] EncodePng(Mat image) => throw new NotImplementedException();
}
