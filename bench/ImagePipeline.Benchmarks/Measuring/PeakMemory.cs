namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>Peak resident memory of a process, from the kernel's high-water mark (VmHWM in /proc/&lt;pid&gt;/status).</summary>
internal static class PeakMemory
{
    /// <returns>Mebibytes, or null once the process is gone.</returns>
    public static double? ReadMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    public static double OfThisProcess() => ReadMiB(Environment.ProcessId) ?? 0;
}
