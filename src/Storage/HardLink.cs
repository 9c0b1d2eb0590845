using System.Runtime.InteropServices;

namespace ImagePipeline.Storage;

/// <summary>A second name for an existing file (<c>link(2)</c>): no bytes copied and no new inode.</summary>
internal static partial class HardLink
{
    private const int AlreadyExists = 17; // EEXIST

    /// <returns>False when no link can be made (another file system, a platform without glibc, a missing source): copy instead.</returns>
    /// <exception cref="IOException">Something already has the name <paramref name="newPath"/>.</exception>
    public static bool TryCreate(string existingPath, string newPath)
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            if (Link(existingPath, newPath) == 0)
                return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }

        if (Marshal.GetLastPInvokeError() == AlreadyExists)
            throw new IOException($"'{newPath}' already exists.");
        return false;
    }

    // glibc by its soname, loaded at once: plain "libc" resolves too, but only after the runtime has
    // probed a dozen other names (libc.so among them, a linker script where the C headers are installed).
    [LibraryImport("libc.so.6", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);
}
