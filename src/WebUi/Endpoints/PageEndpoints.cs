using ImagePipeline.Imaging.Operations.Specs;
using Microsoft.AspNetCore.Http;

namespace ImagePipeline.WebUi;

/// <summary>The page itself (HTML, CSS, script embedded in this assembly) and the list of operations it offers.</summary>
internal static class PageEndpoints
{
    public static IResult Asset(string name)
    {
        var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream($"wwwroot/{name}");
        if (stream is null)
            return Results.NotFound();
        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.Stream(stream, type);
    }

    public static IResult Operations() => Results.Ok(StepCatalog.All.Select(step => new { step.Name, step.Description }));
}
