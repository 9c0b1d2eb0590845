using ImagePipeline.Client.Progress;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.IntegrationTests.Infrastructure;

public static class OutputAssert
{
    /// <summary>Every input has exactly one output file, equal to the operation applied to the whole image in this process.</summary>
    public static void MatchInProcessResult(JobProgress progress, string outputFolder, string operation)
    {
        Assert.Equal(progress.ImageCount, progress.Done);
        Assert.Equal(progress.ImageCount, Directory.GetFiles(outputFolder).Length);
        var op = OperationSpec.Parse(operation);
        foreach (var image in progress.Images)
        {
            using var input = ImageCodec.DecodeBgr(File.ReadAllBytes(image.SourceName));
            using var expected = op.Apply(input);
            using var actual = Cv2.ImRead(Path.Combine(outputFolder, image.OutputName), ImreadModes.Unchanged);
            MatAssert.Identical(expected, actual);
        }
    }
}
