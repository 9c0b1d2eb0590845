using System.Diagnostics;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.UnitTests.Support;
using ImagePipeline.UnitTests.TestData;
using OpenCvSharp;

namespace ImagePipeline.UnitTests.Imaging;

/// <summary>
/// Our operations against the seed's own Python code (tests/seed-parity/seed_ops.py) run by Debian's
/// OpenCV 4.6. Needs the python3-opencv package: without it these tests fail, they are not skipped.
/// </summary>
public sealed class SeedParityTests(SeedParityTests.SeedOutputs seed) : IClassFixture<SeedParityTests.SeedOutputs>
{
    public static TheoryData<string, string> OperationsAndCrops()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in OperationCatalog.All)
        {
            data.Add(operation.Name, SeedOutputs.ColourCrop);
            data.Add(operation.Name, SeedOutputs.GrayCrop);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OperationsAndCrops))]
    public void Apply_WhenComparedWithSeedPython_GivesTheSameImage(string operationName, string crop)
    {
        using var input = ImageCodec.DecodeBgr(File.ReadAllBytes(seed.InputPath(crop)));
        using var expected = Cv2.ImRead(seed.OutputPath(crop, operationName), ImreadModes.Unchanged);

        using var actual = OperationCatalog.Get(operationName).Apply(input);

        // OpenCV 4.6 and 4.13 round the bilateral filter's float sums differently now and then.
        MatAssert.Within(expected, actual, operationName == "bilateral" ? 1 : 0);
    }

    /// <summary>Writes the two crops once and runs the seed's code on each, for every operation.</summary>
    public sealed class SeedOutputs : IDisposable
    {
        public const string ColourCrop = "colour";
        public const string GrayCrop = "gray";
        private const string Python = "/usr/bin/python3";

        private readonly string folder = Directory.CreateTempSubdirectory("seed-parity-").FullName;

        public SeedOutputs()
        {
            EnsurePythonOpenCv();
            using (var colour = SamplePhotos.Crop(SamplePhotos.ColourPng, 150, 90, 97, 71))
            {
                Cv2.ImWrite(InputPath(ColourCrop), colour);
            }

            // Saved with one channel, so both sides also decode a gray file the same way.
            using (var photo = SamplePhotos.Crop(SamplePhotos.GrayPng, 200, 150, 83, 61))
            using (var gray = new Mat())
            {
                Cv2.CvtColor(photo, gray, ColorConversionCodes.BGR2GRAY);
                Cv2.ImWrite(InputPath(GrayCrop), gray);
            }

            foreach (var crop in new[] { ColourCrop, GrayCrop })
            {
                var arguments = new List<string> { Path.Combine(RepositoryPaths.Root, "tests", "seed-parity", "seed_ops.py"), InputPath(crop) };
                foreach (var operation in OperationCatalog.All)
                {
                    arguments.Add(operation.Name);
                    arguments.Add(OutputPath(crop, operation.Name));
                }

                var (exitCode, errors) = Run(arguments);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"seed_ops.py failed with exit code {exitCode}: {errors}");
                }
            }
        }

        public string InputPath(string crop) => Path.Combine(folder, $"{crop}.png");

        public string OutputPath(string crop, string operation) => Path.Combine(folder, $"{crop}-{operation}.png");

        public void Dispose() => Directory.Delete(folder, recursive: true);

        private static void EnsurePythonOpenCv()
        {
            var (exitCode, errors) = File.Exists(Python) ? Run(["-c", "import cv2, numpy"]) : (-1, $"{Python} does not exist");
            if (exitCode != 0)
            {
                throw new InvalidOperationException(
                    $"Seed parity needs Debian's python3-opencv (apt-get install -y python3-opencv); {Python} cannot import cv2: {errors}");
            }
        }

        private static (int ExitCode, string Errors) Run(IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                return (-1, "timed out after 60 s");
            }

            return (process.ExitCode, errors.Result.Trim());
        }
    }
}
