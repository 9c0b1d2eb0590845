using System.Buffers.Binary;
using ImagePipeline.Imaging;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class RawTileFormatTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 1)]
    [InlineData(13, 11, 3)]
    [InlineData(1, 9, 3)]
    public void Read_WhenWritten_GivesTheSameImage(int width, int height, int channels)
    {
        using var image = Noise(width, height, channels);
        using var stream = new MemoryStream();

        RawTileFormat.Write(image, stream);
        stream.Position = 0;
        using var read = RawTileFormat.Read(stream);

        Assert.Equal(16 + (width * height * channels), stream.Length);
        Assert.Equal(stream.Length, RawTileFormat.LengthOf(image));
        MatAssert.Identical(image, read);
    }

    [Fact]
    public void Write_WhenViewIntoLargerImage_WritesOnlyTheView()
    {
        using var photo = SamplePhotos.Load(SamplePhotos.ColourPng);
        using var view = new Mat(photo, new Rect(17, 9, 31, 23));
        using var stream = new MemoryStream();

        RawTileFormat.Write(view, stream);
        stream.Position = 0;
        using var read = RawTileFormat.Read(stream);

        MatAssert.Identical(view, read);
    }

    [Fact]
    public void Write_WhenHeader_IsMagicThenLittleEndianSizes()
    {
        using var image = Noise(5, 3, 3);
        using var stream = new MemoryStream();

        RawTileFormat.Write(image, stream);
        var bytes = stream.ToArray();

        Assert.Equal("IPT1"u8.ToArray(), bytes[..4]);
        Assert.Equal([5, 3, 3], new[] { bytes[4..8], bytes[8..12], bytes[12..16] }.Select(b => BinaryPrimitives.ReadInt32LittleEndian(b)));
    }

    public static TheoryData<string, byte[]> CorruptTiles()
    {
        var valid = Valid(4, 3, 3);
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "short header", valid[..10] },
            { "wrong magic", [.. "IPT2"u8, .. valid[4..]] },
            { "zero width", WithInt(valid, 4, 0) },
            { "negative height", WithInt(valid, 8, -3) },
            { "two channels", WithInt(valid, 12, 2) },
            { "huge claim", WithInt(WithInt(valid, 4, int.MaxValue), 8, int.MaxValue) },
            { "missing pixels", valid[..^1] },
            { "extra byte", [.. valid, 0] },
        };
    }

    [Theory]
    [MemberData(nameof(CorruptTiles))]
    public void Read_WhenCorrupt_ThrowsInvalidImage(string why, byte[] bytes)
    {
        var error = Assert.Throws<InvalidImageException>(() => RawTileFormat.Read(new MemoryStream(bytes)));

        Assert.StartsWith("not a valid raw tile (", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(why);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Read_WhenStreamCannotSeekAndLengthIsWrong_ThrowsInvalidImage(int lengthChange)
    {
        var valid = Valid(6, 5, 1);
        byte[] bytes = lengthChange < 0 ? valid[..^1] : [.. valid, 7];

        Assert.Throws<InvalidImageException>(() => RawTileFormat.Read(new ForwardOnlyStream(bytes)));
    }

    [Fact]
    public void Read_WhenStreamCannotSeek_ReadsTheTile()
    {
        using var image = Noise(6, 5, 3);
        using var stream = new MemoryStream();
        RawTileFormat.Write(image, stream);

        using var read = RawTileFormat.Read(new ForwardOnlyStream(stream.ToArray()));

        MatAssert.Identical(image, read);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadNext_WhenTilesAreEndToEnd_ReadsEachInTurn(bool canSeek)
    {
        using var first = Noise(6, 5, 3);
        using var second = Noise(4, 9, 1);
        using var written = new MemoryStream();
        RawTileFormat.Write(first, written);
        RawTileFormat.Write(second, written);
        using var stream = canSeek ? new MemoryStream(written.ToArray()) : (Stream)new ForwardOnlyStream(written.ToArray());

        using var readFirst = RawTileFormat.ReadNext(stream);
        using var readSecond = RawTileFormat.ReadNext(stream);

        MatAssert.Identical(first, readFirst);
        MatAssert.Identical(second, readSecond);
        Assert.Equal(-1, stream.ReadByte());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadNext_WhenTheTileEndsEarly_ThrowsInvalidImage(bool canSeek)
    {
        var truncated = Valid(6, 5, 3)[..^1];
        using var stream = canSeek ? new MemoryStream(truncated) : (Stream)new ForwardOnlyStream(truncated);

        Assert.Throws<InvalidImageException>(() => RawTileFormat.ReadNext(stream));
    }

    [Fact]
    public void Write_WhenNotEightBit_Throws()
    {
        using var image = new Mat(2, 2, MatType.CV_16UC3, Scalar.All(0));

        Assert.Throws<ArgumentException>(() => RawTileFormat.Write(image, Stream.Null));
    }

    private static Mat Noise(int width, int height, int channels)
    {
        var image = new Mat(height, width, MatType.CV_8UC(channels));
        Cv2.Randu(image, Scalar.All(0), Scalar.All(256));
        return image;
    }

    private static byte[] Valid(int width, int height, int channels)
    {
        using var image = Noise(width, height, channels);
        using var stream = new MemoryStream();
        RawTileFormat.Write(image, stream);
        return stream.ToArray();
    }

    private static byte[] WithInt(byte[] bytes, int offset, int value)
    {
        var copy = bytes.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }
}
