using BenchmarkDotNet.Running;
using ImagePipeline.Benchmarks.Giant;
using ImagePipeline.Benchmarks.Kernels;
using ImagePipeline.Benchmarks.Suite;

// scripts/bench.sh runs both modes; see docs/PERFORMANCE.md.
//   suite   --work <dir> --json <file> [--quick]   end-to-end runs against the seed's Python yardsticks
//   kernels [BenchmarkDotNet arguments]            the op kernels and the codecs alone on a 1 MP photo
//   giant   --work <dir> --json <file> [--op gaussian] [--sizes 48,400] [--full-check-max-mp 100]
//                                                  peak memory of each role on giant images (scripts/bench-giant.sh)
if (args.Length > 0 && args[0] == "kernels")
{
    BenchmarkRunner.Run<KernelBenchmarks>(KernelBenchmarks.Config, args[1..]);
    BenchmarkRunner.Run<CodecBenchmarks>(KernelBenchmarks.Config, args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "suite")
{
    var settings = SuiteSettings.Parse(args[1..]);
    await new BenchmarkSuite(settings).RunAsync();
    return 0;
}

if (args.Length > 0 && args[0] == "giant")
    return await new GiantBenchmark(GiantSettings.Parse(args[1..])).RunAsync();

Console.Error.WriteLine("usage: ImagePipeline.Benchmarks suite --work <dir> --json <file> [--quick] | kernels [BenchmarkDotNet args] | giant --work <dir> --json <file> [--op <op>] [--sizes 48,400]");
return 2;
