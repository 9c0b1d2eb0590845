using System.Security.Cryptography;
using ImagePipeline.Storage;
using ImagePipeline.UnitTests.Imaging;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>
/// The fallback range read of stores without ranged requests. Every store of the project hands it a seekable
/// stream (the contract tests cover that); a store streaming from a network would not, and the range is then
/// reached by reading past its start.
/// </summary>
public sealed class BlobRangesTests
{
    static readonly byte[] Content = RandomNumberGenerator.GetBytes(200_000);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 200_000)]
    [InlineData(81_920, 10)]
    [InlineData(150_001, 49_999)]
    public async Task ReadFromAsync_AForwardOnlyStream_ReturnsExactlyTheBytesOfTheRange(long offset, int length)
    {
        using var source = new ForwardOnlyStream(Content);

        var part = await BlobRanges.ReadFromAsync(source, "blob", offset, length, default);

        Assert.Equal(Content.AsSpan((int)offset, length).ToArray(), part);
    }

    [Theory]
    [InlineData(199_995, 10)]
    [InlineData(200_000, 1)]
    [InlineData(300_000, 1)]
    public async Task ReadFromAsync_AForwardOnlyStreamEndingBeforeTheRange_ThrowsEndOfStream(long offset, int length)
    {
        using var source = new ForwardOnlyStream(Content);

        await Assert.ThrowsAsync<EndOfStreamException>(() => BlobRanges.ReadFromAsync(source, "blob", offset, length, default));
    }
}
