using System.Globalization;
using System.Runtime.InteropServices;

namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>CPU-seconds (user + system) of processes, from the kernel's accounting.</summary>
internal static class CpuTime
{
    const int ChildrenOfThisProcess = -1; // RUSAGE_CHILDREN

    /// <summary>
    /// What this process's children that have ended and been waited for used, in all; a child (with what it waited for
    /// of its own) counts once it is reaped, so the difference around one child run is that run's.
    /// </summary>
    public static double OfEndedChildren()
    {
        if (getrusage(ChildrenOfThisProcess, out var usage) != 0)
            throw new InvalidOperationException($"getrusage failed: {Marshal.GetLastPInvokeError()}");
        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    /// <summary>What a running process has used so far (utime + stime in /proc/&lt;pid&gt;/stat), or null once it is gone.</summary>
    public static double? OfRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / (double)sysconf(ClockTicksPerSecond);
    }

    const int ClockTicksPerSecond = 2; // _SC_CLK_TCK

    [StructLayout(LayoutKind.Sequential)]
    struct ResourceUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        // The rest of struct rusage: 14 longs.
        public long R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13;
    }

    // DllImport, as in the pipeline's other libc calls: a blittable struct needs no generated marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc", SetLastError = true)]
    static extern int getrusage(int who, out ResourceUsage usage);

    [DllImport("libc")]
    static extern long sysconf(int name);
#pragma warning restore SYSLIB1054
}
