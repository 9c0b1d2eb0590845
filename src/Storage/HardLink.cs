using System.Runtime.InteropServices;

namespace ImagePipeline.Storage;

/// <summary>A second name for an existing file (<c>link(2)</c>): no bytes copied and no new inode.</summary>
internal static partial class HardLink
{
    private const int AlreadyExists = 17; // EEXIST, the same on Linux and macOS

    /// <returns>False when no link can be made (another file system, a platform without link(2), a missing source): copy instead.</returns>
    /// <exception cref="IOException">Something already has the name <paramref name="newPath"/>.</exception>
    public static bool TryCreate(string existingPath, string newPath)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return false;
        if (Link(existingPath, newPath) == 0)
            return true;
        if (Marshal.GetLastPInvokeError() == AlreadyExists)
            throw new IOException($"'{newPath}' already exists.");
        return false;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);
}
