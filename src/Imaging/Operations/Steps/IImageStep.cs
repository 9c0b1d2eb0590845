using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations.Steps;

/// <summary>One configured step of an operation chain, applicable to gray and colour images alike.</summary>
public interface IImageStep
{
    /// <summary>How far, in pixels, an output pixel reads around it (0 for per-pixel, global and geometric steps).</summary>
    int Halo { get; }

    StepScope Scope { get; }

    /// <summary>The channels of the result (1 or 3) for an input with <paramref name="inputChannels"/> channels.</summary>
    int OutputChannels(int inputChannels);

    /// <summary>Applies the step to an 8-bit image with 1 or 3 channels and returns a new image.</summary>
    Mat Apply(Mat image);
}
