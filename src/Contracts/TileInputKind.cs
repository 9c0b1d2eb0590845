namespace ImagePipeline.Contracts;

/// <summary>What a tile's input blob holds.</summary>
public enum TileInputKind
{
    /// <summary>The user's original file (PNG, JPEG, …): the image travels whole.</summary>
    EncodedImage = 0,

    /// <summary>A raw pixel tile cut by the submitter, halo included.</summary>
    RawTile = 1,
}
