using ImagePipeline.Imaging.Operations;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class ContrastStretchingTests
{
    // np.finfo(float).tiny, the tolerance of numpy's masked division.
    private const double NumpyFloatTiny = 2.2250738585072014E-308;

    private readonly IImageOperation operation = OperationCatalog.Get("contrast_stretching");

    [Fact]
    public void Apply_WhenConstantImage_GivesAllZeros()
    {
        // numpy: the divisor max - min is 0, masked division masks everything, filled(0) gives 0.
        using var image = new Mat(5, 7, MatType.CV_8UC3, Scalar.All(77));

        using var result = operation.Apply(image);

        using var values = result.Reshape(1);
        Assert.Equal(0, Cv2.CountNonZero(values));
        MatAssert.Identical(NumpyReference(image), result);
    }

    [Fact]
    public void Apply_WhenTwoValues_MapsLowerToZeroAndUpperTo255()
    {
        // Checked against numpy 1.24: [10, 10, 200] -> [0, 0, 255].
        using var image = new Mat(1, 1, MatType.CV_8UC3, new Scalar(10, 10, 200));

        using var result = operation.Apply(image);

        Assert.Equal(new Vec3b(0, 0, 255), result.At<Vec3b>(0, 0));
    }

    [Theory]
    [InlineData(1, 10, 200)]
    [InlineData(2, 0, 255)]
    [InlineData(3, 100, 101)]
    [InlineData(4, 40, 90)]
    [InlineData(5, 0, 256)]
    [InlineData(6, 250, 256)]
    public void Apply_WhenRandomImage_MatchesNumpyFormula(int seed, int low, int high)
    {
        using var image = RandomImage(seed, 23, 17, low, high);

        using var result = operation.Apply(image);

        MatAssert.Identical(NumpyReference(image), result);
    }

    [Fact]
    public void Apply_WhenTwoValuesInUnequalCounts_MatchesNumpyFormula()
    {
        using var image = new Mat(4, 4, MatType.CV_8UC3, Scalar.All(30));
        using (var row = image.Row(1))
        {
            row.SetTo(Scalar.All(31));
        }

        using var result = operation.Apply(image);

        MatAssert.Identical(NumpyReference(image), result);
    }

    [Theory]
    [InlineData(SamplePhotos.ColourJpeg)]
    [InlineData(SamplePhotos.GrayPng)]
    [InlineData("coffee.png")]
    public void Apply_WhenPhoto_MatchesNumpyFormula(string photo)
    {
        using var image = SamplePhotos.Load(photo);

        using var result = operation.Apply(image);

        MatAssert.Identical(NumpyReference(image), result);
    }

    private static Mat RandomImage(int seed, int width, int height, int low, int high)
    {
        var random = new Random(seed);
        var image = new Mat(height, width, MatType.CV_8UC3);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.Set(y, x, new Vec3b((byte)random.Next(low, high), (byte)random.Next(low, high), (byte)random.Next(low, high)));
            }
        }

        return image;
    }

    /// <summary>
    /// The seed's lines, written out plainly and independently of the production code:
    /// hist = np.histogram(image.flatten(), 256, [0, 256]); cdf = hist.cumsum();
    /// cdf_m = np.ma.masked_equal(cdf, 0); cdf_m = (cdf_m - cdf_m.min()) * 255 / (cdf_m.max() - cdf_m.min());
    /// cdf = np.ma.filled(cdf_m, 0).astype('uint8'); result = cdf[image].
    /// </summary>
    private static Mat NumpyReference(Mat image)
    {
        var values = new byte[image.Rows * image.Cols * 3];
        image.GetArray(out Vec3b[] pixels);
        for (var i = 0; i < pixels.Length; i++)
        {
            values[3 * i] = pixels[i].Item0;
            values[(3 * i) + 1] = pixels[i].Item1;
            values[(3 * i) + 2] = pixels[i].Item2;
        }

        var hist = new long[256];
        foreach (var v in values)
        {
            hist[v]++;
        }

        var cdf = new long[256];
        for (var i = 0; i < 256; i++)
        {
            cdf[i] = (i == 0 ? 0 : cdf[i - 1]) + hist[i];
        }

        var masked = cdf.Select(c => c == 0).ToArray();
        var unmasked = cdf.Where((_, i) => !masked[i]).ToArray();
        long min = unmasked.Min(), max = unmasked.Max();
        var table = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            long numerator = (cdf[i] - min) * 255;
            long divisor = max - min;
            // np.ma division masks where |numerator| * tiny >= |divisor|, i.e. everywhere when the divisor is 0.
            var maskedHere = masked[i] || Math.Abs((double)numerator) * NumpyFloatTiny >= Math.Abs((double)divisor);
            table[i] = maskedHere ? (byte)0 : (byte)Math.Truncate((double)numerator / divisor);
        }

        var result = new Mat(image.Rows, image.Cols, MatType.CV_8UC3);
        result.SetArray(pixels.Select(p => new Vec3b(table[p.Item0], table[p.Item1], table[p.Item2])).ToArray());
        return result;
    }
}
