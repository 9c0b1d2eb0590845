using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.WebUi.Batches;

namespace ImagePipeline.UnitTests.Doors.WebPage;

public sealed class FileMessagesTests
{
    [Theory]
    [InlineData("not a decodable image (truncated PNG: it ends before its IEND chunk)", "Not a decodable image (truncated PNG: it ends before its IEND chunk).")]
    [InlineData("not a supported image: the file is not PNG, JPEG, WebP, BMP or TIFF (unknown signature)",
        "Not a supported image: the file is not PNG, JPEG, WebP, BMP or TIFF (unknown signature).")]
    [InlineData("Already a sentence.", "Already a sentence.")]
    [InlineData("  ", "It could not be processed.")]
    public void Sentence_WhenAReasonFromTheChecksOrThePipeline_IsOneCapitalisedSentence(string reason, string expected)
    {
        Assert.Equal(expected, FileMessages.Sentence(reason));
    }

    [Fact]
    public void Sentence_WhenCancelled_SaysSoInWords()
    {
        Assert.Equal("Cancelled before it was processed.", FileMessages.Sentence(JobCancellation.Reason));
    }

    [Fact]
    public void TooLarge_NamesTheSizeAndTheLimitInMegabytes()
    {
        Assert.Equal("The file is 63.2 MB; files up to 50 MB are accepted.", FileMessages.TooLarge(66_270_000, 50L * 1024 * 1024));
    }
}
