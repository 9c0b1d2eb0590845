using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

/// <summary>Which parts of a parted blob are read: all of them, or the ones its writers wrote.</summary>
public sealed class PartedBlobTests
{
    [Fact]
    public void WrittenParts_ByDefault_AreEveryPartInOrder() =>
        Assert.Equal([0, 1, 2, 3], new PartedBlob("jobs/1/results/0/tiles", 4).WrittenParts);

    [Fact]
    public void WithWrittenParts_KeepsTheKeyAndPartCount_AndReadsOnlyThose()
    {
        var blob = new PartedBlob("jobs/1/results/0/tiles", 6).WithWrittenParts([0, 3, 5]);

        Assert.Equal(("jobs/1/results/0/tiles", 6), (blob.Key, blob.PartCount));
        Assert.Equal([0, 3, 5], blob.WrittenParts);
    }

    [Theory]
    [InlineData(new[] { 3, 0 })]
    [InlineData(new[] { 2, 2 })]
    [InlineData(new int[0])]
    public void WithWrittenParts_OutOfOrderRepeatedOrNone_IsRefused(int[] parts) =>
        Assert.Throws<ArgumentException>(() => new PartedBlob("jobs/1/results/0/tiles", 6).WithWrittenParts(parts));

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void WithWrittenParts_BeyondTheBlobsParts_IsRefused(int part) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartedBlob("jobs/1/results/0/tiles", 6).WithWrittenParts([0, part]));
}
