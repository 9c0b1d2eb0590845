namespace ImagePipeline.Benchmarks.Results;

/// <summary>One timed run. Ratios compare it with the seed's Python yardstick of the same suite run (<see cref="RatioCalculator"/>).</summary>
internal sealed record Measurement
{
    public required string Group { get; init; }

    public required string Scenario { get; init; }

    public required string Op { get; init; }

    public required string Input { get; init; }

    public required int Images { get; init; }

    public required double Megapixels { get; init; }

    /// <summary>Wall time from start to exit; with repetitions, their median.</summary>
    public required double Seconds { get; init; }

    /// <summary>Every repetition's wall time, in the order run, when there were several.</summary>
    public IReadOnlyList<double>? RepeatedSeconds { get; init; }

    /// <summary>CPU-seconds (user + system) of the processes that did the work: the program run, or the processors.</summary>
    public double? CpuSeconds { get; init; }

    public double ImagesPerSecond => Images / Seconds;

    public double? CpuSecondsPerImage => CpuSeconds / Images;

    /// <summary>The yardstick's wall time over this run's: above 1, this run was faster (batch: the Python pool; large: Python on the whole image).</summary>
    public double? SpeedupOverYardstick { get; set; }

    /// <summary>Distributed: the processors' CPU-seconds per image over the Python pool's; at most 1.1 is the target.</summary>
    public double? CpuPerImageOverPool { get; set; }

    public required int ExitCode { get; init; }

    /// <summary>Outputs found on disk afterwards; a run that lost any is reported, never dropped.</summary>
    public required int Outputs { get; init; }

    /// <summary>Peak resident memory (VmHWM) of each process involved, in MiB.</summary>
    public required IReadOnlyDictionary<string, double> PeakMiB { get; init; }
}
