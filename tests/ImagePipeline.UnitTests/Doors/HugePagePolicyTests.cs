using ImagePipeline.Imaging;
using ImagePipeline.Submitter;
using ImagePipeline.Submitter.Hosting;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Doors;

/// <summary>Which invocations of <c>imagepipe</c> are worth restarting with the heap on huge pages.</summary>
public sealed class HugePagePolicyTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-hugepages-").FullName;

    [Fact]
    public void AnyLargeAmong_WhenEveryImageFitsBelowTheMmapThreshold_IsFalse()
    {
        // 1672 x 1672 x 3 bytes is just under 8 MiB: glibc serves such buffers from its heap and reuses them.
        WriteBlack("just-under.png", 1672, 1672);
        WriteBlack("small.jpg", 640, 480);

        Assert.False(HugePagePolicy.AnyLargeAmong([_work]));
    }

    [Fact]
    public void AnyLargeAmong_WhenOneImageDecodesBeyondTheMmapThreshold_IsTrue()
    {
        WriteBlack("small.png", 640, 480);
        var large = WriteBlack("just-over.png", 1673, 1672);

        Assert.True(1673L * 1672 * 3 > NativeHeapTuning.MmapThresholdBytes);
        Assert.True(HugePagePolicy.AnyLargeAmong([_work]));
        Assert.True(HugePagePolicy.AnyLargeAmong([large]));
    }

    [Fact]
    public void AnyLargeAmong_WhenAnInputIsMissingOrNotAnImage_CountsItAsSmall()
    {
        File.WriteAllText(Path.Combine(_work, "broken.png"), "not a PNG");

        Assert.False(HugePagePolicy.AnyLargeAmong([_work]));
        Assert.False(HugePagePolicy.AnyLargeAmong([Path.Combine(_work, "missing.png")]));
    }

    [Fact]
    public void AnyLargeAmong_WhenTheBatchIsLongerThanItProbes_IsTrueWithoutReadingHeaders()
    {
        // Empty files would count as small if their headers were read.
        for (var i = 0; i < 257; i++)
            File.WriteAllBytes(Path.Combine(_work, $"empty-{i:D3}.png"), []);

        Assert.True(HugePagePolicy.AnyLargeAmong([_work]));
        File.Delete(Path.Combine(_work, "empty-000.png"));
        Assert.False(HugePagePolicy.AnyLargeAmong([_work]));
    }

    [Fact]
    public void IsWorthIt_ForRunWithALargeImage_AndForTheLongLivedCommands_NotForSubmitOrASmallRun()
    {
        var large = WriteBlack("large.png", 2000, 1500);
        var small = WriteBlack("small.png", 640, 480);
        bool WorthIt(params string[] arguments) => HugePagePolicy.IsWorthIt(CliApplication.Create().Parse(arguments));

        Assert.True(WorthIt("run", large, "--op", "gaussian", "--out", Path.Combine(_work, "out")));
        Assert.False(WorthIt("run", small, "--op", "gaussian", "--out", Path.Combine(_work, "out")));
        Assert.False(WorthIt("submit", large, "--op", "gaussian"));
        Assert.True(WorthIt("watch", Path.Combine(_work, "watched")));
        Assert.True(WorthIt("serve"));
        Assert.False(WorthIt("ops"));
    }

    [Fact]
    public void IsWorthIt_ForHelp_IsFalse_EvenWithoutTheRequiredArguments()
    {
        var large = WriteBlack("large.png", 2000, 1500);
        bool WorthIt(params string[] arguments) => HugePagePolicy.IsWorthIt(CliApplication.Create().Parse(arguments));

        Assert.False(WorthIt("run", "--help"));
        Assert.False(WorthIt("run", large, "--op", "gaussian", "--out", Path.Combine(_work, "out"), "--help"));
        Assert.False(WorthIt("watch", "--help"));
        Assert.False(WorthIt("serve", "-h"));
    }

    string WriteBlack(string name, int width, int height)
    {
        var path = Path.Combine(_work, name);
        using var image = new Mat(height, width, MatType.CV_8UC3, Scalar.Black);
        Cv2.ImWrite(path, image);
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
