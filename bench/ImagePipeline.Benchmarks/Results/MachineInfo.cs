namespace ImagePipeline.Benchmarks.Results;

/// <summary>The machine a run was measured on, from /proc.</summary>
internal static class MachineInfo
{
    public static IReadOnlyDictionary<string, string> Read() => new Dictionary<string, string>
    {
        ["cores"] = Environment.ProcessorCount.ToString(),
        ["cpu"] = First("/proc/cpuinfo", "model name"),
        ["memory"] = First("/proc/meminfo", "MemTotal"),
        ["loadAverageAtStart"] = File.ReadAllText("/proc/loadavg").Trim(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        ["openCv"] = OpenCvSharp.Cv2.GetVersionString() ?? "unknown",
    };

    static string First(string file, string key) =>
        File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
}
