using ImagePipeline.Protocol.Caching;

namespace ImagePipeline.Client.Submitting;

/// <summary>How a job uses the store's kept results (<see cref="ResultCache"/>).</summary>
public enum ResultCaching
{
    /// <summary>An image processed the same way before is served from its kept result; new results are kept.</summary>
    Reuse,

    /// <summary>Every image is processed again (for measuring, or after suspecting a stored result); results are still kept.</summary>
    Refresh,

    /// <summary>
    /// Nothing is hashed, served or kept: for a store thrown away after the job (<c>imagepipe run</c>'s
    /// temporary folder), where a kept copy of every output would be written and never read.
    /// </summary>
    Off,
}
