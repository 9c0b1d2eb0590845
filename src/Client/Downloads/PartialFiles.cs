using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.Client.Downloads;

/// <summary>
/// Where an output grows until it is whole: <c>name.&lt;version&gt;.partial</c> beside it, the version a short hash of
/// the blob's ETag, so that a later download (after a kill that could not clean up) can tell whether the bytes already
/// there belong to the blob it is about to read.
/// </summary>
internal static class PartialFiles
{
    const string Suffix = ".partial";
    const int TagLength = 12;

    public static string PathFor(string target, string etag) =>
        $"{target}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(etag)))[..TagLength]}{Suffix}";

    /// <summary>
    /// The partial files of <paramref name="target"/> on disk: versioned ones, and the unversioned <c>name.partial</c>
    /// of downloads made before versions were kept.
    /// </summary>
    public static IReadOnlyList<string> Of(string target)
    {
        var name = Path.GetFileName(target);
        // The name may hold '*' or '?', which the pattern would take as wildcards: every candidate is checked exactly.
        return [.. Directory.EnumerateFiles(Path.GetDirectoryName(target)!, "*" + Suffix).Where(path => Belongs(Path.GetFileName(path), name))];
    }

    /// <summary>Deletes every partial file of <paramref name="target"/>.</summary>
    public static void DeleteAll(string target)
    {
        if (!Directory.Exists(Path.GetDirectoryName(target)))
            return;
        foreach (var path in Of(target))
            File.Delete(path);
    }

    static bool Belongs(string file, string name)
    {
        if (!file.StartsWith(name, StringComparison.Ordinal) || !file.EndsWith(Suffix, StringComparison.Ordinal))
            return false;
        var middle = file.AsSpan(name.Length, file.Length - name.Length - Suffix.Length);
        return middle.IsEmpty || (middle.Length == TagLength + 1 && middle[0] == '.' && IsLowerHex(middle[1..]));
    }

    static bool IsLowerHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept("0123456789abcdef");
}
