using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>One image operation: a seed operation or any parsed spec (<see cref="OperationChain"/>).</summary>
public interface IImageOperation
{
    /// <summary>The canonical spec (for a seed operation with its defaults, the seed's name), used on the command line and in messages.</summary>
    string Name { get; }

    /// <summary>What it does and with which parameters, in words for <c>imagepipe ops</c>.</summary>
    string Description { get; }

    /// <summary>How far, in pixels, one output pixel reads from its input neighbourhood (0 for per-pixel ops).</summary>
    int Halo { get; }

    /// <summary>True when the operation must see whole images: the geometry changes, or a global step cannot be split into tiled passes.</summary>
    bool IsGlobal { get; }

    /// <summary>True when the result has one channel (gray), false when it keeps the input's three.</summary>
    bool ProducesGray { get; }

    /// <summary>Applies the operation to an 8-bit, 3-channel BGR image and returns a new image.</summary>
    Mat Apply(Mat bgr);
}
