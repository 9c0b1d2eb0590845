using System.Globalization;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.UnitTests.Support;
using OpenCvSharp;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>
/// The tiling property over random real-photo crops, sizes, tile sizes and chains: tiled equals whole.
/// A new seed every run; set IMAGEPIPE_PROPERTY_SEED to replay the one a failure prints.
/// </summary>
public sealed class TiledChainPropertyTests(ITestOutputHelper output)
{
    private const int Cases = 40;

    private static readonly string[] Steps = [.. StepCatalog.All.Select(d => d.Name), .. StepTilingTests.Variants];

    [Fact]
    public void Run_WhenRandomPhotoSizeTileSizeAndChain_EqualsWholeImageApply()
    {
        var seed = Environment.GetEnvironmentVariable("IMAGEPIPE_PROPERTY_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var (width, height) = RandomSize(random, large: i == 0);
            var photo = SamplePhotos.All[random.Next(SamplePhotos.All.Count)];
            var spec = string.Join('|', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Steps[random.Next(Steps.Length)]));
            // At least about 1/30 of the longer side, so the case count stays bounded on big images.
            var tileSize = random.Next(Math.Max(1, Math.Max(width, height) / 30), Math.Max(width, height) + 2);
            using var image = RandomCrop(photo, width, height, random);
            var chain = OperationSpec.Parse(spec);
            try
            {
                using var whole = chain.Apply(image);
                using var tiled = TiledExecution.Run(image, chain, tileSize);
                MatAssert.Identical(whole, tiled);
            }
            catch (Exception exception) when (exception is XunitException or OpenCVException or ArgumentException)
            {
                throw new XunitException(
                    $"Case {i} of seed {seed} (IMAGEPIPE_PROPERTY_SEED={seed}): '{spec}' on a {width} x {height} crop of {photo} in tiles of {tileSize}: {exception.Message}");
            }
        }
    }

    // Mostly small, where borders and halos dominate; the first case and now and then another of a few megapixels.
    private static (int Width, int Height) RandomSize(Random random, bool large) => (large ? 0 : random.Next(20)) switch
    {
        0 => (random.Next(1000, 2400), random.Next(800, 1600)),
        < 6 => (random.Next(200, 900), random.Next(150, 700)),
        _ => (random.Next(1, 160), random.Next(1, 120)),
    };

    /// <summary>A crop of the photo, repeated (mirrored, so edges meet) when the photo is smaller than the size asked for.</summary>
    private static Mat RandomCrop(string photo, int width, int height, Random random)
    {
        using var loaded = SamplePhotos.Load(photo);
        using var mirrored = new Mat();
        Cv2.Flip(loaded, mirrored, FlipMode.Y);
        using var pair = new Mat();
        Cv2.HConcat([loaded, mirrored], pair);
        using var pairFlipped = new Mat();
        Cv2.Flip(pair, pairFlipped, FlipMode.X);
        using var block = new Mat();
        Cv2.VConcat([pair, pairFlipped], block);
        using var canvas = Cv2.Repeat(block, height / block.Height + 1, width / block.Width + 1);
        var x = random.Next(canvas.Width - width + 1);
        var y = random.Next(canvas.Height - height + 1);
        using var view = new Mat(canvas, new Rect(x, y, width, height));
        return view.Clone();
    }
}
