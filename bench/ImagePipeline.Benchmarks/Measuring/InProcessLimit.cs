using System.Diagnostics;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>
/// The machine's limit: decode, op, encode PNG, write the file, in this process with no pipeline.
/// A batch runs one image per core with OpenCV single-threaded (as the processors are configured);
/// a single large image runs with OpenCV's own threads over every core.
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
            File.WriteAllBytes(Path.Combine(outFolder, Path.GetFileNameWithoutExtension(file) + ".png"), ImageCodec.EncodePng(output));
        });
        return watch.Elapsed;
    }

    public static TimeSpan RunWhole(string file, string spec, string outFolder, int openCvThreads)
    {
        var operation = OperationSpec.Parse(spec);
        Directory.CreateDirectory(outFolder);
        Cv2.SetNumThreads(openCvThreads);
        try
        {
            var watch = Stopwatch.StartNew();
            using var input = ImageCodec.DecodeBgr(File.ReadAllBytes(file));
            using var output = operation.Apply(input);
            File.WriteAllBytes(Path.Combine(outFolder, Path.GetFileNameWithoutExtension(file) + ".png"), ImageCodec.EncodePng(output));
            return watch.Elapsed;
        }
        finally
        {
            Cv2.SetNumThreads(1);
        }
    }
}
