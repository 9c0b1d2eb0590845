using System.Runtime.InteropServices;
using System.Text;

namespace ImagePipeline.Imaging;

/// <summary>
/// Starts this process once more, in place, with glibc told to back its large blocks with transparent huge
/// pages. Every pixel buffer above <see cref="NativeHeapTuning"/>'s mmap threshold (a 2048 px tile, any
/// image over about 2.8 MP in colour) is mapped afresh by glibc and faulted in page by page; on these
/// machines a fresh 12.6 MB buffer took about 40 ms to touch in 4 KiB pages, against 1 ms to copy into one
/// already resident, and about 14 ms in 2 MiB pages. `imagepipe run` on the 48 MP image was 25-38 % faster
/// with them, small-image batches unchanged (docs/PERFORMANCE.md, round 11).
/// </summary>
/// <remarks>
/// glibc reads its tunables (GLIBC_TUNABLES, here glibc.malloc.hugetlb=1, which has it madvise its mapped
/// blocks for huge pages) only when a process starts, so a running process cannot switch them on; hence
/// execve of the same executable with the same arguments and environment plus the tunable: same process id,
/// same open standard streams, a fresh runtime. It costs one more runtime start (about 0.15 s here), so
/// only processes that will handle such buffers call it. The kernel must offer huge pages on request
/// (transparent_hugepage "madvise", Debian's default); with "always" every process has them already.
/// An operator who sets GLIBC_TUNABLES, to anything, owns the policy: nothing is restarted
/// (GLIBC_TUNABLES=glibc.malloc.hugetlb=0 turns it off). The processor's service unit sets the tunable itself.
/// </remarks>
public static class HugePageHeap
{
    const string TunablesVariable = "GLIBC_TUNABLES";
    const string HugePageTunable = "glibc.malloc.hugetlb=1";
    const string TransparentHugePageMode = "/sys/kernel/mm/transparent_hugepage/enabled";
    // Set for the restarted process only, so that it knows the tunable is its own and not an operator's.
    const string RestartedVariable = "IMAGEPIPE_RESTARTED_WITH_HUGE_PAGES";

    /// <summary>Whether <see cref="RestartProcessWithThem"/> restarted this process with huge pages.</summary>
    public static bool Restarted { get; private set; }

    /// <summary>
    /// Replaces this process with a new run of the same command line whose heap uses huge pages, where that is
    /// possible and not yet the case; returns, and the process goes on as it is, otherwise or when the restart fails.
    /// Call it first thing, before anything is written or opened that the restart would lose.
    /// </summary>
    public static void RestartProcessWithThem()
    {
        if (Environment.GetEnvironmentVariable(RestartedVariable) is not null)
        {
            // Restarted: glibc has read the tunable. Processes this one starts (the benchmark's, the tests') get
            // the environment it was first given, and decide for themselves.
            Environment.SetEnvironmentVariable(RestartedVariable, null);
            Environment.SetEnvironmentVariable(TunablesVariable, null);
            Restarted = true;
            return;
        }

        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(TunablesVariable) is not null || !KernelGrantsThemOnRequest()
            || !IsGlibc())
            return;
        try
        {
            // The command line and environment exactly as this process was given them, bytes and all.
            var arguments = NulSeparated(File.ReadAllBytes("/proc/self/cmdline"));
            var environment = NulSeparated(File.ReadAllBytes("/proc/self/environ"));
            if (arguments.Count == 0)
                return;
            environment.Add(Encoding.UTF8.GetBytes($"{TunablesVariable}={HugePageTunable}"));
            environment.Add(Encoding.UTF8.GetBytes($"{RestartedVariable}=1"));
            // The executable's own path, not /proc/self/exe: the process's name (ps, pgrep, top) comes from it.
            if (Environment.ProcessPath is { } executable)
                Execute(executable, arguments, environment);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Not restarted: the process works as before, with its buffers in small pages.
        }
    }

    static bool KernelGrantsThemOnRequest()
    {
        try
        {
            return File.ReadAllText(TransparentHugePageMode).Contains("[madvise]", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The tunable is glibc's; musl would ignore it, and then there is nothing to restart for.
    static bool IsGlibc()
    {
        try
        {
            return gnu_get_libc_version() != IntPtr.Zero;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    static List<byte[]> NulSeparated(byte[] block)
    {
        var items = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (block[i] != 0)
                continue;
            items.Add(block[start..i]);
            start = i + 1;
        }

        return items;
    }

    // Returns only if execve failed; the strings are then freed and the process goes on.
    static void Execute(string path, List<byte[]> arguments, List<byte[]> environment)
    {
        var allocated = new List<IntPtr>();
        try
        {
            var argv = ToNativeStrings(arguments, allocated);
            var envp = ToNativeStrings(environment, allocated);
            execve(path, argv, envp);
        }
        finally
        {
            foreach (var pointer in allocated)
                Marshal.FreeHGlobal(pointer);
        }
    }

    // A NULL-terminated array of pointers to NUL-terminated copies, as execve takes them.
    static IntPtr[] ToNativeStrings(List<byte[]> strings, List<IntPtr> allocated)
    {
        var pointers = new IntPtr[strings.Count + 1];
        for (var i = 0; i < strings.Count; i++)
        {
            var native = Marshal.AllocHGlobal(strings[i].Length + 1);
            allocated.Add(native);
            Marshal.Copy(strings[i], 0, native, strings[i].Length);
            Marshal.WriteByte(native, strings[i].Length, 0);
            pointers[i] = native;
        }

        return pointers;
    }

    // DllImport rather than LibraryImport, as in NativeHeapTuning: plain pointers need no generated marshalling.
#pragma warning disable SYSLIB1054
    [DllImport("libc")]
    static extern IntPtr gnu_get_libc_version();

    [DllImport("libc")]
    static extern int execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr[] argv, IntPtr[] envp);
#pragma warning restore SYSLIB1054
}
