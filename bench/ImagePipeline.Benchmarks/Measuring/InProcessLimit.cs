using System.Diagnostics;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>
/// A diagnostic beside the yardsticks: the pipeline's own decode, op and encode in this process, with no pipeline.
/// A batch runs one image per core with OpenCV single-threaded; a large image runs with OpenCV's threads on every core.
/// </summary>
internal static class InProcessLimit
{
    public static TimeSpan RunBatch(IReadOnlyList<string> files, string spec, string outFolder)
    {
        var operation = OperationSpec.Parse(spec);
        Directory.CreateDirectory(outFolder);
        Cv2.SetNumThreads(1);
        var watch = Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            using var input = ImageCodec.DecodeBgr(File.ReadAllBytes(file));
            using var output = operation.Apply(input);
            File.WriteAllBytes(OutputPath(outFolder, file), ImageCodec.EncodePng(output));
        });
        return watch.Elapsed;
    }

    public static TimeSpan RunWhole(string file, string spec, string outFolder)
    {
        var operation = OperationSpec.Parse(spec);
        Directory.CreateDirectory(outFolder);
        Cv2.SetNumThreads(Environment.ProcessorCount);
        try
        {
            var watch = Stopwatch.StartNew();
            using var input = ImageCodec.DecodeBgrFile(file);
            using var output = operation.Apply(input);
            File.WriteAllBytes(OutputPath(outFolder, file), ImageCodec.EncodePng(output));
            return watch.Elapsed;
        }
        finally
        {
            Cv2.SetNumThreads(1);
        }
    }

    static string OutputPath(string folder, string input) => Path.Combine(folder, Path.GetFileNameWithoutExtension(input) + ".png");
}
