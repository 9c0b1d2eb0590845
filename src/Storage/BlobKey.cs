using System.Security.Cryptography;
using System.Text;

namespace ImagePipeline.Storage;

/// <summary>
/// Blob keys are '/'-separated relative paths whose segments use only <c>[A-Za-z0-9._-]</c>.
/// Both stores check every key they get, so text from users never becomes a path unchecked:
/// turn it into a segment with <see cref="SafeSegment"/> first.
/// </summary>
public static class BlobKey
{
    public const int MaxLength = 1024;

    /// <summary>The longest segment: file systems refuse longer names (ext4 and most others allow 255 bytes).</summary>
    public const int MaxSegmentLength = 255;

    private const char Escape = '_';
    private const string EmptyText = "_";
    private const int HashSuffixLength = 17;

    /// <summary>Returns <paramref name="key"/> when it is a valid key.</summary>
    /// <exception cref="ArgumentException">The key is empty, too long, absolute, or has an empty, '.', '..' or disallowed segment.</exception>
    public static string Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (FindProblem(key) is { } problem)
        {
            throw new ArgumentException($"Invalid blob key '{Shorten(key)}': {problem}.", nameof(key));
        }

        return key;
    }

    public static bool IsValid(string? key) => key is not null && FindProblem(key) is null;

    /// <summary>Joins keys or segments with '/', checking the result.</summary>
    public static string Combine(params string[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Length == 0)
        {
            throw new ArgumentException("At least one segment is needed.", nameof(segments));
        }

        foreach (var segment in segments)
        {
            ArgumentNullException.ThrowIfNull(segment, nameof(segments));
        }

        return Validate(string.Join('/', segments));
    }

    /// <summary>
    /// Turns arbitrary text (a file name with spaces, non-ASCII letters, '..') into one valid segment,
    /// always the same for the same text and different for different texts: allowed characters stay,
    /// every other UTF-8 byte and '_' itself become '_' and two hex digits. '.' and '..' become "_2E"
    /// and "_2E_2E", the empty text "_". Text that would exceed <see cref="MaxSegmentLength"/> is cut
    /// and ends in '-' and a hash of the whole text. Unpaired surrogates count as U+FFFD.
    /// </summary>
    public static string SafeSegment(string userText)
    {
        ArgumentNullException.ThrowIfNull(userText);
        if (userText.Length == 0)
        {
            return EmptyText;
        }

        var builder = new StringBuilder(userText.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in userText.EnumerateRunes())
        {
            if (rune.IsAscii && rune.Value != Escape && IsAllowed((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..count])
            {
                builder.Append(Escape).Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var segment = builder.ToString();
        if (segment is "." or "..")
        {
            return segment.Replace(".", "_2E", StringComparison.Ordinal);
        }

        if (segment.Length <= MaxSegmentLength)
        {
            return segment;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(userText));
        return string.Concat(segment.AsSpan(0, MaxSegmentLength - HashSuffixLength), "-", Convert.ToHexStringLower(hash, 0, 8));
    }

    /// <summary>
    /// Checks a listing prefix: empty, or whole valid segments followed by '/' and/or the start of a segment.
    /// Returns the part before the last '/' (a key, or empty), which is where matching blobs live.
    /// </summary>
    internal static string ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var slash = prefix.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : prefix[..slash];
        var partial = prefix.AsSpan(slash + 1);
        var problem = prefix.Length > MaxLength ? $"it is longer than {MaxLength} characters"
            : slash == 0 ? "it starts with '/'"
            : folder.Length > 0 ? FindProblem(folder)
            : null;
        foreach (var c in partial)
        {
            problem ??= IsAllowed(c) ? null : $"it contains {Describe(c)}";
        }

        if (problem is not null)
        {
            throw new ArgumentException($"Invalid blob key prefix '{Shorten(prefix)}': {problem}.", nameof(prefix));
        }

        return folder;
    }

    private static string? FindProblem(string key)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }

        if (key.Length > MaxLength)
        {
            return $"it is longer than {MaxLength} characters";
        }

        foreach (var range in key.AsSpan().Split('/'))
        {
            var segment = key.AsSpan(range);
            if (segment.Length == 0)
            {
                return "it has an empty segment (a leading, trailing or doubled '/')";
            }

            if (segment is "." or "..")
            {
                return "it has a '.' or '..' segment";
            }

            if (segment.Length > MaxSegmentLength)
            {
                return $"a segment is longer than {MaxSegmentLength} characters";
            }

            foreach (var c in segment)
            {
                if (!IsAllowed(c))
                {
                    return $"it contains {Describe(c)} (allowed: letters, digits, '.', '_', '-', and '/' between segments; see BlobKey.SafeSegment)";
                }
            }
        }

        return null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private static string Shorten(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");
}
