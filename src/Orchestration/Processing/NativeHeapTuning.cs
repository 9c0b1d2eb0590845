using System.Runtime.InteropServices;

namespace ImagePipeline.Orchestration.Processing;

/// <summary>
/// Keeps glibc from holding on to freed tile buffers. OpenCV allocates each tile's pixels with malloc;
/// blocks of megabytes are mapped and unmapped one by one only up to glibc's mmap threshold, which it
/// raises (to 32 MB) as soon as such a block is freed. After that, tile buffers come from the heap
/// arenas, and freed ones stay resident there, split up between threads: a processor's peak grew with
/// the number of tiles it had seen, not with one tile. A fixed threshold of 1 MiB gives every tile
/// buffer back to the system when it is freed (docs/GIANT-IMAGES.md has the measurements).
/// </summary>
internal static class NativeHeapTuning
{
    const int MmapThreshold = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    const int OneMebibyte = 1 << 20;

    /// <summary>Applies the fixed threshold on Linux with glibc; elsewhere, or when the variable MALLOC_MMAP_THRESHOLD_ already sets one, does nothing.</summary>
    public static void ReturnLargeBuffersToTheSystem()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null)
            return;
        try
        {
            mallopt(MmapThreshold, OneMebibyte);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): its allocator keeps its own policy.
        }
    }

    // DllImport rather than LibraryImport: two ints need no marshalling code, and no unsafe blocks.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054
}
