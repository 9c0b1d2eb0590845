using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Operations.Steps;
using ImagePipeline.UnitTests.Support;

namespace ImagePipeline.UnitTests.Imaging;

public sealed class OperationSpecTests
{
    [Fact]
    public void Parse_WhenSeedName_IsTheSeedOperationUnderTheSameName()
    {
        foreach (var seed in OperationCatalog.All)
        {
            var chain = OperationSpec.Parse(seed.Name);

            Assert.Equal(seed.Name, chain.Name);
            Assert.Equal(seed.Halo, chain.Halo);
            Assert.Equal(seed.IsGlobal, chain.IsGlobal);
            Assert.Equal(seed.ProducesGray, chain.ProducesGray);
        }
    }

    [Theory]
    [InlineData("gaussian:ksize=5,sigma=0", "gaussian")]
    [InlineData(" gaussian : sigma=2.50 , ksize=9 ", "gaussian:ksize=9,sigma=2.5")]
    [InlineData("to_gray|gaussian:ksize=5|canny:low=50,high=150", "to_gray|gaussian|canny:low=50,high=150")]
    [InlineData("threshold:method=otsu,type=binary_inv", "threshold:type=binary_inv,method=otsu")]
    public void Parse_WhenSpecGiven_NameIsCanonicalAndParsesToItself(string spec, string canonical)
    {
        var chain = OperationSpec.Parse(spec);

        Assert.Equal(canonical, chain.Name);
        Assert.Equal(canonical, OperationSpec.Parse(chain.Name).Name);
    }

    [Theory]
    [InlineData("gaussian:ksize=9,sigma=2.5", 4, StepScope.Local, false, 1, false)]
    [InlineData("to_gray|gaussian:ksize=5|median:ksize=7", 5, StepScope.Local, false, 1, true)]
    [InlineData("erode:ksize=5,iterations=3|bilateral", 10, StepScope.Local, false, 1, false)]
    [InlineData("sobel:ksize=1|laplacian", 2, StepScope.Local, false, 1, false)]
    [InlineData("to_gray|gaussian:ksize=5|canny:low=50,high=150", 4, StepScope.Global, false, 2, true)]
    [InlineData("threshold:method=otsu", 0, StepScope.Global, false, 2, true)]
    [InlineData("gaussian|contrast_stretching|blur", 4, StepScope.Global, false, 2, false)]
    [InlineData("equalize|threshold:method=otsu|canny:aperture=5", 3, StepScope.Global, false, 4, true)]
    [InlineData("canny|invert|contrast_stretching", 2, StepScope.Global, false, 3, true)]
    [InlineData("canny|dilate", 3, StepScope.Global, true, 1, true)]
    [InlineData("clahe|gaussian", 2, StepScope.Global, false, 2, false)]
    [InlineData("gaussian|resize:scale=0.25|sharpen", 4, StepScope.Geometric, true, 1, false)]
    [InlineData("clahe|rotate:angle=270", 0, StepScope.Geometric, true, 1, false)]
    public void Parse_WhenChain_HaloIsTheSumAndGlobalStepsAddPassesOrMakeItWhole(string spec, int halo, StepScope scope, bool whole, int passes, bool gray)
    {
        var chain = OperationSpec.Parse(spec);

        Assert.Equal(halo, chain.Halo);
        Assert.Equal(scope, chain.Scope);
        Assert.Equal(whole, chain.IsGlobal);
        Assert.Equal(passes, chain.Passes.Count);
        Assert.Equal(gray, chain.ProducesGray);
    }

    [Theory]
    [InlineData("gaussian:ksize=4", "'gaussian', parameter 'ksize': 4 is even")]
    [InlineData("gaussian:ksise=5", "unknown parameter 'ksise'; gaussian takes ksize, sigma")]
    [InlineData("to_gray|gaussian:ksize=5|canny:low=50,high=150|threshold:value=300", "step 4 'threshold', parameter 'value': 300 is out of range 0..255")]
    [InlineData("to_gray|sharpn", "step 2: unknown operation 'sharpn'")]
    [InlineData("canny:low=300,high=200", "'canny', parameter 'low': 300 is above high")]
    [InlineData("median:ksize=five", "parameter 'ksize': 'five' is not a whole number")]
    [InlineData("flip:axis=diagonal", "parameter 'axis': 'diagonal' is not one of horizontal | vertical | both")]
    [InlineData("invert:amount=2", "unknown parameter 'amount'; invert takes no parameters")]
    [InlineData("blur:ksize=5,ksize=7", "parameter 'ksize': given twice")]
    [InlineData("gaussian:ksize", "'ksize' is not of the form name=value")]
    [InlineData("resize:scale=0.5,width=100", "parameter 'scale': give either scale or width/height")]
    [InlineData("threshold:method=otsu,value=100", "parameter 'value': method=otsu computes the threshold itself")]
    [InlineData("gamma:gamma=NaN", "'NaN' is not a number")]
    [InlineData("gaussian||blur", "step 2: the step has no operation name")]
    [InlineData(" ", "The operation is empty")]
    public void Parse_WhenSpecIsInvalid_ThrowsNamingTheStepAndParameter(string spec, string expected)
    {
        var error = Assert.Throws<OperationSpecException>(() => OperationSpec.Parse(spec));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    [Fact]
    public void Parse_WhenTooManySteps_Throws()
    {
        var spec = string.Join('|', Enumerable.Repeat("invert", OperationSpec.MaxSteps + 1));

        Assert.Throws<OperationSpecException>(() => OperationSpec.Parse(spec));
    }

    [Fact]
    public void Parse_WhenEveryStepWithDefaults_Succeeds()
    {
        foreach (var definition in StepCatalog.All)
        {
            var chain = OperationSpec.Parse(definition.Name);

            Assert.Equal(definition.Name, chain.Name);
            if (chain.IsGlobal)
                Assert.Contains("whole", definition.Description, StringComparison.Ordinal);
            if (chain.Passes.Count > 1)
                Assert.Contains("two passes", definition.Description, StringComparison.Ordinal);
            Assert.All(definition.Parameters, p => Assert.NotNull(p.TryParse(p.Default, out _)));
        }
    }

    [Fact]
    public void Description_OfEveryStep_NamesEachOfItsParameters()
    {
        // The page and `imagepipe ops` show the description as the step's help: it must say what each parameter does.
        var missing = StepCatalog.All
            .SelectMany(definition => definition.Parameters
                .Where(p => !System.Text.RegularExpressions.Regex.IsMatch(definition.Description, $@"\b{p.Name}\b"))
                .Select(p => $"{definition.Name}: {p.Name}"))
            .ToArray();

        Assert.Empty(missing);
    }

    [Fact]
    public void Description_OfEveryStep_StartsWithAShortTitle()
    {
        // The page shows "gaussian — Gaussian blur" in its menus: the words before the first ": ".
        Assert.All(StepCatalog.All, definition =>
            Assert.InRange(definition.Description.IndexOf(": ", StringComparison.Ordinal), 3, 30));
    }

    [Fact]
    public void Catalog_OffersEveryStepButTheDiagnosticOne()
    {
        Assert.Equal(["noop"], StepCatalog.All.Where(definition => definition.IsDiagnostic).Select(definition => definition.Name));
    }

    [Fact]
    public void Apply_WhenChain_EqualsItsStepsOneAfterAnother()
    {
        using var image = SamplePhotos.Crop(SamplePhotos.ColourJpeg, 100, 80, 61, 47);
        var chain = OperationSpec.Parse("to_gray|gaussian:ksize=5|canny:low=50,high=150");

        using var gray = OperationSpec.Parse("to_gray").Apply(image);
        using var blurred = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.GaussianBlur(gray, blurred, new OpenCvSharp.Size(5, 5), 0);
        using var expected = new OpenCvSharp.Mat();
        OpenCvSharp.Cv2.Canny(blurred, expected, 50, 150);

        using var actual = chain.Apply(image);

        MatAssert.Identical(expected, actual);
    }
}
