using System.Security.Cryptography;
using System.Text;
using ImagePipeline.WebUi.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi;

/// <summary>
/// The optional shared token: given once as <c>?token=</c> (kept in an HTTP-only cookie) or on every
/// request as <c>Authorization: Bearer</c>. Without a configured token the page is open, which is why it
/// listens on loopback by default.
/// </summary>
internal sealed class AccessToken(IOptions<WebOptions> options) : IMiddleware
{
    const string CookieName = "imagepipe_token";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var expected = options.Value.AccessToken;
        if (string.IsNullOrEmpty(expected))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query["token"].ToString();
        var bearer = context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header["Bearer ".Length..]
            : null;
        var given = new[] { query, bearer, context.Request.Cookies[CookieName] }.FirstOrDefault(value => !string.IsNullOrEmpty(value));
        if (given is null || !Matches(given, expected))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("An access token is required: open this page with ?token=<token>.").ConfigureAwait(false);
            return;
        }

        if (query.Length > 0)
            context.Response.Cookies.Append(CookieName, given, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
        await next(context).ConfigureAwait(false);
    }

    static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
