using System.Runtime.InteropServices;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Kernels;

/// <summary>
/// Each seed op's kernel, the JPEG decode of an input and the PNG encode of an output on a 1152 x 864 photo, one OpenCV
/// thread, timed in this thread's CPU time (which other load on the machine barely moves), as
/// bench/yardsticks/seed_kernels.py times the seed's Python on the same photo: median and fastest of the repetitions.
/// </summary>
internal static class KernelTimer
{
    static readonly string[] Operations =
        ["blur", "gaussian", "median", "bilateral", "canny", "invert", "brightness_increase", "to_gray", "to_bw", "contrast_stretching"];

    public static void Run(string samplesFolder, int repetitions)
    {
        Cv2.SetNumThreads(1);
        using var source = ImageCodec.DecodeBgr(File.ReadAllBytes(Path.Combine(samplesFolder, "chelsea.png")));
        using var photo = source.Resize(new Size(1152, 864), interpolation: InterpolationFlags.Cubic);
        foreach (var op in Operations)
        {
            var operation = OperationSpec.Parse(op);
            Measure(op, repetitions, () => operation.Apply(photo).Dispose());
        }

        var jpeg = ImageCodec.Encode(photo, OutputFormat.Jpeg, 95);
        Measure("jpeg decode (q95)", repetitions, () => ImageCodec.DecodeBgr(jpeg).Dispose());
        using var gaussian = OperationSpec.Parse("gaussian").Apply(photo);
        Measure("png encode, gaussian output", repetitions, () => ImageCodec.EncodePng(gaussian));
        Measure("  (OpenCV's default encoder)", repetitions, () => Cv2.ImEncode(".png", gaussian, out _));
    }

    static void Measure(string name, int repetitions, Action action)
    {
        action();
        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var start = ThreadMilliseconds();
            action();
            times[i] = ThreadMilliseconds() - start;
        }

        Array.Sort(times);
        Console.WriteLine($"{name,-32} median {times[repetitions / 2],8:F2} ms   fastest {times[0],8:F2} ms");
    }

    const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    static double ThreadMilliseconds()
    {
        clock_gettime(ThreadCpuClock, out var time);
        return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport, as in the pipeline's other libc calls: a blittable struct needs no generated marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc")]
    static extern int clock_gettime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054
}
