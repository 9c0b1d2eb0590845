using ImagePipeline.Protocol.Cancellation;

namespace ImagePipeline.WebUi.Batches;

/// <summary>
/// Why a file was not processed, as one sentence for people, in the same form whether the page refused
/// it on upload or the pipeline failed it later.
/// </summary>
internal static class FileMessages
{
    public const string Empty = "The file is empty.";

    public static string TooLarge(long bytes, long limit) => $"The file is {Megabytes(bytes)}; files up to {Megabytes(limit)} are accepted.";

    /// <summary>A reason from the image checks or the pipeline (<c>not a decodable image (…)</c>), as a sentence.</summary>
    public static string Sentence(string reason)
    {
        if (reason == JobCancellation.Reason)
            return "Cancelled before it was processed.";
        var text = reason.Trim();
        if (text.Length == 0)
            return "It could not be processed.";
        text = char.ToUpperInvariant(text[0]) + text[1..];
        return text.EndsWith('.') ? text : text + ".";
    }

    static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";
}
