using System.ComponentModel.DataAnnotations;
using ImagePipeline.Client.Submitting;

namespace ImagePipeline.WebUi.Settings;

/// <summary>The web page's limits and access (section "Web"), enforced on the server whatever the page does.</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    [Range(1, 10_000)]
    public int MaxFiles { get; set; } = 50;

    /// <summary>Largest image accepted, from its header, before anything is decoded or submitted.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>When set, every request must carry it (<c>?token=</c> once, then a cookie, or <c>Authorization: Bearer</c>). Needed beyond loopback.</summary>
    public string? AccessToken { get; set; }

    [Range(16, 1 << 20)]
    public int TileSize { get; set; } = JobRequest.DefaultTileSize;

    /// <summary>How long a batch (its uploads, previews and, embedded, its outputs) is kept after it was uploaded.</summary>
    [Range(0.01, 3650)]
    public double KeepDays { get; set; } = 7;
}
