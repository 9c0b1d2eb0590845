namespace ImagePipeline.Imaging.Tiling;

/// <summary>
/// One tile of an image: <see cref="Core"/> is the part of the output it produces, <see cref="Source"/>
/// the part of the input it reads (the core grown by the halo, clipped to the image).
/// </summary>
public sealed record TileSpec(int Index, PixelRect Core, PixelRect Source)
{
    /// <summary>Where the core lies inside the source, i.e. what to keep after processing the source.</summary>
    public PixelRect CoreWithinSource => new(Core.X - Source.X, Core.Y - Source.Y, Core.Width, Core.Height);
}
