using ImagePipeline.Storage;

namespace ImagePipeline.UnitTests.Storage;

public sealed class BlobKeyTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("jobs/0f3c/tiles/tile-0_12.png")]
    [InlineData(".hidden")]
    [InlineData("a/.../b")]
    [InlineData("UPPER/lower/123/-_.")]
    public void Validate_WithValidKey_ReturnsIt(string key)
    {
        Assert.Equal(key, BlobKey.Validate(key));
        Assert.True(BlobKey.IsValid(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/absolute")]
    [InlineData("trailing/")]
    [InlineData("a//b")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/./b")]
    [InlineData("a/../b")]
    [InlineData("../../etc/passwd")]
    [InlineData("with space")]
    [InlineData("back\\slash")]
    [InlineData("C:")]
    [InlineData("ünïcode")]
    [InlineData("tab\there")]
    public void Validate_WithInvalidKey_ThrowsArgumentException(string key)
    {
        Assert.Throws<ArgumentException>(() => BlobKey.Validate(key));
        Assert.False(BlobKey.IsValid(key));
    }

    [Fact]
    public void Validate_WithTooLongKeyOrSegment_ThrowsArgumentException()
    {
        var longSegment = new string('s', BlobKey.MaxSegmentLength + 1);
        var longKey = string.Join('/', Enumerable.Repeat(new string('k', 100), 11));

        Assert.Throws<ArgumentException>(() => BlobKey.Validate(longSegment));
        Assert.Throws<ArgumentException>(() => BlobKey.Validate(longKey));
        Assert.Equal(longSegment[1..], BlobKey.Validate(longSegment[1..]));
    }

    [Fact]
    public void Validate_MessageNamesTheProblem()
    {
        var failure = Assert.Throws<ArgumentException>(() => BlobKey.Validate("jobs/../x"));

        Assert.Contains("'..'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Combine_JoinsSegmentsAndKeys()
    {
        Assert.Equal("jobs/42/tiles/0", BlobKey.Combine("jobs", "42", "tiles/0"));
    }

    [Theory]
    [InlineData("jobs", "..")]
    [InlineData("jobs", "")]
    [InlineData("/jobs", "x")]
    [InlineData("jobs", "a b")]
    public void Combine_WithInvalidPart_ThrowsArgumentException(string first, string second)
    {
        Assert.Throws<ArgumentException>(() => BlobKey.Combine(first, second));
    }

    [Fact]
    public void Combine_WithNoSegments_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => BlobKey.Combine());
    }

    [Theory]
    [InlineData("photo.jpg", "photo.jpg")]
    [InlineData("my photo.jpg", "my_20photo.jpg")]
    [InlineData("snake_case", "snake_5Fcase")]
    [InlineData("ü", "_C3_BC")]
    [InlineData("日本", "_E6_97_A5_E6_9C_AC")]
    [InlineData("a/b", "a_2Fb")]
    [InlineData(".", "_2E")]
    [InlineData("..", "_2E_2E")]
    [InlineData("...", "...")]
    [InlineData("", "_")]
    [InlineData("../../etc/passwd", ".._2F.._2Fetc_2Fpasswd")]
    public void SafeSegment_EscapesEverythingOutsideAllowedSet(string userText, string expected)
    {
        Assert.Equal(expected, BlobKey.SafeSegment(userText));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(" ")]
    [InlineData("C:\\Users\\me\\Pictures\\IMG 0001.HEIC")]
    [InlineData("emoji 📷.png")]
    [InlineData("\0\r\n")]
    [InlineData("\ud800 unpaired surrogate")]
    public void SafeSegment_AlwaysGivesOneValidSegment(string userText)
    {
        var segment = BlobKey.SafeSegment(userText);

        Assert.True(BlobKey.IsValid(segment), segment);
        Assert.DoesNotContain('/', segment);
    }

    [Fact]
    public void SafeSegment_IsDeterministicAndKeepsDifferentTextsApart()
    {
        string[] texts = ["a b", "a_20b", "a_b", "_", "", ".", "_2E", "A B", "a  b"];

        var segments = texts.Select(BlobKey.SafeSegment).ToList();

        Assert.Equal(segments, texts.Select(BlobKey.SafeSegment));
        Assert.Equal(texts.Length, segments.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void SafeSegment_WithVeryLongText_CutsToMaxLengthAndStaysDistinct()
    {
        var first = new string('ä', 500) + "1";
        var second = new string('ä', 500) + "2";

        var a = BlobKey.SafeSegment(first);
        var b = BlobKey.SafeSegment(second);

        Assert.Equal(BlobKey.MaxSegmentLength, a.Length);
        Assert.True(BlobKey.IsValid(a));
        Assert.NotEqual(a, b);
    }
}
