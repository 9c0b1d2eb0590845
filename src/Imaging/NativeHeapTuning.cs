using System.Runtime.InteropServices;

namespace ImagePipeline.Imaging;

/// <summary>
/// Keeps glibc from holding on to freed tile buffers, and lets it reuse small images' buffers. OpenCV
/// allocates pixels with malloc; blocks are mapped and unmapped one by one only above glibc's mmap
/// threshold, which it raises (to 32 MB) as soon as such a block is freed. After that, tile buffers come
/// from the heap arenas, and freed ones stay resident there, split up between threads: a processor's
/// peak grew with the number of tiles it had seen, not with one tile (docs/GIANT-IMAGES.md). A fixed
/// threshold of 8 MiB gives every default tile's buffers (2048 px: 12.6 MB and more) back to the system
/// when they are freed.
/// Below it, a 1 MP image's buffers (3 MB each) come from the heap and are reused: mapped afresh for
/// every image, as with the 1 MiB threshold used before, each page was faulted in and zeroed again,
/// 10-29 % of a small-image batch's time, for about 45 MB more held (docs/PERFORMANCE.md, round 6).
/// The trim threshold bounds what the heap keeps free at its top; glibc's default (128 KiB) would hand
/// those buffers back after each image.
/// The number of arenas is not set here: glibc fixes its limit when it makes the first extra arena, before
/// this runs, and a later mallopt(M_ARENA_MAX) changed nothing (measured). The processor's service unit
/// sets MALLOC_ARENA_MAX=2 instead.
/// Every process that runs OpenCV on many images applies it: the processors, <c>imagepipe</c>, and the
/// benchmark's in-process limit, which measures the same pixel work without the pipeline.
/// </summary>
public static class NativeHeapTuning
{
    const int TrimThreshold = -1; // M_TRIM_THRESHOLD in glibc's malloc.h
    const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    /// <summary>Blocks larger than this (bytes) are mapped afresh for each allocation and unmapped when freed.</summary>
    public const int MmapThresholdBytes = 8 << 20;
    const int ThirtyTwoMebibytes = 32 << 20;

    /// <summary>
    /// Applies the fixed thresholds on Linux with glibc; elsewhere, or when the variable MALLOC_MMAP_THRESHOLD_
    /// or MALLOC_TRIM_THRESHOLD_ already sets one (the operator then owns the policy), does nothing.
    /// </summary>
    public static void ReturnLargeBuffersToTheSystem()
    {
        if (!OperatingSystem.IsLinux()
            || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
            || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null)
            return;
        try
        {
            mallopt(MmapThreshold, MmapThresholdBytes);
            mallopt(TrimThreshold, ThirtyTwoMebibytes);
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
