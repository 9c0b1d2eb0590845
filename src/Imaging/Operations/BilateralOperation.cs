using OpenCvSharp;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The seed's <c>cv2.bilateralFilter(image, 9, 75, 75)</c>.</summary>
internal sealed class BilateralOperation : IImageOperation
{
    // A diameter of 9 reads 4 pixels on each side.
    private const int Radius = 4;

    // A multiple of every SIMD width OpenCV may use for 8-bit pixels (16, 32 or 64 lanes).
    private const int RowMultiple = 64;

    public string Name => "bilateral";

    public string Description => "Edge-preserving smoothing: Cv2.BilateralFilter with diameter 9, sigmaColor 75, sigmaSpace 75.";

    public int Halo => Radius;

    public bool IsGlobal => false;

    public bool ProducesGray => false;

    /// <remarks>
    /// OpenCV filters the last (width mod SIMD lanes) pixels of each row in a scalar loop whose float
    /// rounding differs from the SIMD loop by 1 now and then, so a pixel's value would depend on where
    /// its tile starts. Widening each row to a multiple of <see cref="RowMultiple"/> (the 4 reflected
    /// columns OpenCV adds itself, then filler no kept pixel reads) puts every kept pixel on the SIMD
    /// path, in tiles and whole images alike.
    /// </remarks>
    public Mat Apply(Mat bgr)
    {
        BgrInput.Ensure(bgr);
        var width = bgr.Width;
        var filler = (RowMultiple - ((width + (2 * Radius)) % RowMultiple)) % RowMultiple;
        using var widened = new Mat();
        Cv2.CopyMakeBorder(bgr, widened, 0, 0, Radius, Radius + filler, BorderTypes.Reflect101);
        using var filtered = new Mat();
        Cv2.BilateralFilter(widened, filtered, 2 * Radius + 1, 75, 75);
        using var kept = new Mat(filtered, new Rect(Radius, 0, width, bgr.Height));
        return kept.Clone();
    }
}
