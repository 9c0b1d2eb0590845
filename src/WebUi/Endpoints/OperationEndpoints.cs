using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.WebUi.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi.Endpoints;

/// <summary>
/// What the page builds its form from: the operations with their parameters (kinds, defaults, ranges: the shape
/// <c>imagepipe ops --json</c> prints), the output formats, the limits, and a check of a typed spec by the same
/// parser the pipeline uses.
/// </summary>
internal static class OperationEndpoints
{
    public static IResult Operations() => Results.Ok(OperationDescription.All.Where(operation => !operation.Diagnostic));

    public static IResult Settings(IOptions<WebOptions> options) => Results.Ok(new
    {
        options.Value.MaxFileBytes,
        options.Value.MaxFiles,
        options.Value.MaxPixels,
        Formats = OutputFormats.Names.Select(name => OutputFormats.Parse(name, 0)).Select(format => new
        {
            Name = OutputFormats.Name(format),
            Lossless = !OutputFormats.TakesQuality(format),
            DefaultQuality = OutputFormats.DefaultQuality(format),
        }),
    });

    /// <summary>The spec parsed: its canonical form and each step's given parameters, or the parser's message.</summary>
    public static IResult Check(string? op)
    {
        try
        {
            var chain = OperationSpec.Parse(op ?? "");
            return Results.Ok(new
            {
                Canonical = chain.Name,
                Steps = chain.Steps.Select(step => new { step.Definition.Name, Parameters = Given(step.Spec) }),
            });
        }
        catch (ArgumentException exception)
        {
            return Results.BadRequest(new { error = exception.Message });
        }
    }

    // A canonical step is "name" or "name:key=value,key=value"; values are numbers or choice names.
    static Dictionary<string, string> Given(string canonicalStep) =>
        canonicalStep.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
            ? canonicalStep[(colon + 1)..].Split(',').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1])
            : [];
}
