using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImagePipeline.IntegrationTests.Infrastructure;

/// <summary>
/// An HTTP proxy in front of Azurite's blob endpoint that can be told to refuse every write (PUT) with HTTP 500, as
/// Azurite does when its disk is full, while reads, deletes and listings pass. Requests and answers are streamed
/// through with their headers (ranges, conditions, signatures), so a client sees Azurite itself.
/// </summary>
public sealed partial class BlobStoreProxy : IAsyncDisposable
{
    static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Expect", "Host",
    };

    const string Refusal = """<?xml version="1.0" encoding="utf-8"?><Error><Code>InternalError</Code><Message>The server encountered an internal error. Please retry the request.</Message></Error>""";

    readonly WebApplication _app;
    readonly HttpClient _upstream;
    readonly Uri _target;
    volatile bool _refuseWrites;
    int _refused;

    BlobStoreProxy(WebApplication app, HttpClient upstream, Uri target)
    {
        _app = app;
        _upstream = upstream;
        _target = target;
    }

    /// <summary>The connection string the processors get: the store's own, with its blob endpoint on this proxy.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Writes answered with 500 since the proxy started.</summary>
    public int RefusedWrites => Volatile.Read(ref _refused);

    /// <summary>While true, every PUT (a blob, a block, a block list, a container) is answered with HTTP 500.</summary>
    public bool RefuseWrites
    {
        get => _refuseWrites;
        set => _refuseWrites = value;
    }

    public static async Task<BlobStoreProxy> StartAsync(string connectionString)
    {
        var endpoint = BlobEndpoint().Match(connectionString) is { Success: true } match
            ? new Uri(match.Groups[1].Value)
            : throw new InvalidOperationException("The connection string names no BlobEndpoint.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        var proxy = new BlobStoreProxy(app, upstream, new Uri(endpoint.GetLeftPart(UriPartial.Authority)));
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var proxied = new UriBuilder(endpoint) { Host = address.Host, Port = address.Port }.Uri.ToString().TrimEnd('/');
        proxy.ConnectionString = BlobEndpoint().Replace(connectionString, $"BlobEndpoint={proxied};");
        return proxy;
    }

    async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (_refuseWrites && HttpMethods.IsPut(request.Method))
        {
            await RefuseAsync(context);
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path.ToUriComponent() + request.QueryString.ToUriComponent()));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            forward.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
                continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                (forward.Content ??= new ByteArrayContent([])).Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        using var answer = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
                context.Response.Headers[name] = values.ToArray();
        }

        await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    // As a full disk does: the request is read to its end, then refused with the service's error document.
    async Task RefuseAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        Interlocked.Increment(ref _refused);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.Headers["x-ms-error-code"] = "InternalError";
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(Refusal, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    [GeneratedRegex("BlobEndpoint=([^;]+);?")]
    private static partial Regex BlobEndpoint();
}
