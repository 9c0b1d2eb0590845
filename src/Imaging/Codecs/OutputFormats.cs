using System.Diagnostics.CodeAnalysis;

namespace ImagePipeline.Imaging.Codecs;

/// <summary>Output format names as users write them (<c>png jpg webp tiff</c>), their file extensions and quality rules.</summary>
public static class OutputFormats
{
    public const string DefaultName = "png";

    public static IReadOnlyList<string> Names { get; } = ["png", "jpg", "webp", "tiff"];

    public static bool TryParse(string? name, [NotNullWhen(true)] out OutputFormat? format)
    {
        format = name switch
        {
            "png" => OutputFormat.Png,
            "jpg" or "jpeg" => OutputFormat.Jpeg,
            "webp" => OutputFormat.WebP,
            "tiff" or "tif" => OutputFormat.Tiff,
            _ => null,
        };
        return format is not null;
    }

    /// <exception cref="ArgumentException">Unknown format, or a quality that the format does not take or that is out of range.</exception>
    public static OutputFormat Parse(string name, int quality)
    {
        if (!TryParse(name, out var format))
            throw new ArgumentException($"Unknown output format '{name}'. Formats: {string.Join(", ", Names)}.");
        if (quality != 0 && !TakesQuality(format.Value))
            throw new ArgumentException($"--quality applies to jpg and webp only; {name} is lossless.");
        if (quality is < 0 or > 100)
            throw new ArgumentException($"--quality must be between 1 and 100, got {quality}.");
        return format.Value;
    }

    /// <summary>The canonical name: what travels in messages.</summary>
    public static string Name(OutputFormat format) => Names[(int)format];

    /// <summary>The output file's extension, with its dot.</summary>
    public static string Extension(OutputFormat format) => "." + Name(format);

    public static bool TakesQuality(OutputFormat format) => format is OutputFormat.Jpeg or OutputFormat.WebP;

    /// <summary>The quality used when none is given: OpenCV's JPEG default, and a WebP that is small yet close to the original.</summary>
    public static int DefaultQuality(OutputFormat format) => format switch
    {
        OutputFormat.Jpeg => 95,
        OutputFormat.WebP => 90,
        _ => 0,
    };
}
