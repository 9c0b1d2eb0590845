namespace ImagePipeline.Imaging.Codecs;

/// <summary>The leading bytes that identify the formats the pipeline accepts.</summary>
internal static class FileSignature
{
    public static bool IsPng(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    public static bool IsJpeg(ReadOnlySpan<byte> head) => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);

    public static bool IsWebP(ReadOnlySpan<byte> head) => head.StartsWith("RIFF"u8) && head.Length >= 12 && head[8..12].SequenceEqual("WEBP"u8);

    public static bool IsBmp(ReadOnlySpan<byte> head) => head.StartsWith("BM"u8);

    public static bool IsTiff(ReadOnlySpan<byte> head) => head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8);
}
