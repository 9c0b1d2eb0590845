using ImagePipeline.Benchmarks.Giant;
using ImagePipeline.Benchmarks.Kernels;
using ImagePipeline.Benchmarks.Suite;

// scripts/bench.sh runs both modes; see docs/PERFORMANCE.md.
//   suite   --work <dir> --json <file> [--quick]   end-to-end runs against the seed's Python yardsticks
//   kernels [samples folder] [repetitions]         the op kernels and the codecs alone on a 1 MP photo, CPU time
//   giant   --work <dir> --json <file> [--op gaussian] [--sizes 48,400] [--full-check-max-mp 100]
//                                                  peak memory of each role on giant images (scripts/bench-giant.sh)
//   fleet throughput|fairness ...                  a client of the fleet scripts/bench-fleet.sh starts (Fleet/FleetBenchmark.cs)
if (args.Length > 0 && args[0] == "kernels")
{
    KernelTimer.Run(args.Length > 1 ? args[1] : "samples", args.Length > 2 ? int.Parse(args[2]) : 25);
    return 0;
}

if (args.Length > 0 && args[0] == "suite")
{
    var settings = SuiteSettings.Parse(args[1..]);
    await new BenchmarkSuite(settings).RunAsync();
    return 0;
}

if (args.Length > 1 && args[0] == "fleet")
    return await ImagePipeline.Benchmarks.Fleet.FleetBenchmark.RunAsync(args[1..]);

if (args.Length > 0 && args[0] == "giant")
    return await new GiantBenchmark(GiantSettings.Parse(args[1..])).RunAsync();

Console.Error.WriteLine("usage: ImagePipeline.Benchmarks suite --work <dir> --json <file> [--quick] | kernels [samples] [repetitions] | giant --work <dir> --json <file> [--op <op>] [--sizes 48,400]");
return 2;
