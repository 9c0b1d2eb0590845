using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Kernels;

/// <summary>Each seed op's kernel alone on a 1 MP colour tile cut from a sample photo, one OpenCV thread (as in the processors).</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    // ShortRun keeps the whole set to a few minutes; in-process so no project is generated and built per run.
    public static IConfig Config { get; } = DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);

    Mat _tile = new();
    IImageOperation _operation = null!;

    [Params("blur", "gaussian", "median", "bilateral", "canny", "invert", "brightness_increase", "to_gray", "to_bw", "contrast_stretching")]
    public string Op { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        Cv2.SetNumThreads(1);
        _tile = Photo();
        _operation = OperationSpec.Parse(Op);
    }

    /// <summary>samples/chelsea.png upscaled to 1152 x 864, as bench/yardsticks/seed_kernels.py makes it.</summary>
    internal static Mat Photo()
    {
        var samples = Environment.GetEnvironmentVariable("IMAGEPIPE_BENCH_REPO") is { } repo ? Path.Combine(repo, "samples") : "samples";
        using var photo = ImageCodec.DecodeBgr(File.ReadAllBytes(Path.Combine(samples, "chelsea.png")));
        var tile = new Mat();
        Cv2.Resize(photo, tile, new Size(1152, 864), 0, 0, InterpolationFlags.Cubic);
        return tile;
    }

    [Benchmark]
    public void Apply()
    {
        using var result = _operation.Apply(_tile);
    }

    [GlobalCleanup]
    public void Cleanup() => _tile.Dispose();
}
