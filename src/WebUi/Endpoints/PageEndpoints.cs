using Microsoft.AspNetCore.Http;

namespace ImagePipeline.WebUi.Endpoints;

/// <summary>The page itself: HTML, CSS and scripts embedded in this assembly, with a policy that keeps it to this server.</summary>
internal static class PageEndpoints
{
    // Nothing the page loads or sends may leave for another host.
    const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; style-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IResult Asset(string name, HttpContext context)
    {
        var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream($"wwwroot/{name}");
        if (stream is null)
            return Results.NotFound();
        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(stream, type);
    }
}
