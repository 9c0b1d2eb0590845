using BenchmarkDotNet.Attributes;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Kernels;

/// <summary>The codec side of a 1 MP image, one thread: the JPEG decode of an input, the PNG encode of an output (ours, and OpenCV's default).</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    Mat _output = new();
    byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        Cv2.SetNumThreads(1);
        using var photo = KernelBenchmarks.Photo();
        _jpeg = ImageCodec.Encode(photo, OutputFormat.Jpeg, 95);
        _output = OperationSpec.Parse("gaussian").Apply(photo);
    }

    [Benchmark]
    public void JpegDecode()
    {
        using var decoded = ImageCodec.DecodeBgr(_jpeg);
    }

    [Benchmark]
    public byte[] PngEncode() => ImageCodec.EncodePng(_output);

    [Benchmark]
    public byte[] PngEncodeOpenCvDefault()
    {
        Cv2.ImEncode(".png", _output, out var bytes);
        return bytes;
    }

    [GlobalCleanup]
    public void Cleanup() => _output.Dispose();
}
