using OpenCvSharp;

namespace ImagePipeline.Imaging;

/// <summary>
/// Loads OpenCV's native library on a pool thread, so that a command about to process images overlaps
/// the load (a library of 110 MB, relocated as it loads) with the rest of its start-up instead of waiting for
/// it when the host first calls into OpenCV. A first call made while the load is still running waits for it.
/// </summary>
public static class OpenCvPreload
{
    /// <summary>Starts the load and returns at once. A library that fails to load fails again, with its
    /// error, at the first real call: the preload's own failure is not observed.</summary>
    public static void Begin() => _ = Task.Run(static () => Cv2.GetNumThreads());
}
