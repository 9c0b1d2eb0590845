using ImagePipeline.Client.Progress;
using ImagePipeline.Hosting;
using ImagePipeline.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi;

/// <summary>How <c>imagepipe serve</c> runs: where it listens, which pipeline it uses, which settings it reads.</summary>
public sealed record WebUiSettings(string Urls, bool Distributed, string WorkFolder, string? ConfigFile, IReadOnlyDictionary<string, string?>? Overrides = null);

/// <summary>Builds the web application: the page, its API, and one pipeline host for the server's lifetime.</summary>
public static class WebUiApplication
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static WebApplication Create(WebUiSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // The same sources as the other commands, and nothing picked up from the working directory.
        builder.Configuration.Sources.Clear();
        if (settings.ConfigFile is not null)
            builder.Configuration.AddJsonFile(settings.ConfigFile, optional: false);
        builder.Configuration.AddEnvironmentVariables(prefix: "IMAGEPIPE_");
        if (settings.Overrides is not null)
            builder.Configuration.AddInMemoryCollection(settings.Overrides);
        builder.WebHost.UseUrls(settings.Urls);

        builder.Logging.ClearProviders().AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);

        if (settings.Distributed)
        {
            builder.Services.AddBlobStore();
            builder.Services.AddPipelineBus(PipelineRoles.None, BusTransport.RabbitMq);
        }
        else
        {
            builder.Services.AddSingleton<IBlobStore>(new FileSystemBlobStore(Path.Combine(settings.WorkFolder, "store")));
            builder.Services.AddPipelineBus(PipelineRoles.All, BusTransport.InMemory);
        }

        builder.Services.AddPipelineJobs();
        AddPage(builder, settings.WorkFolder);
        var app = builder.Build();
        MapPage(app);
        return app;
    }

    static void AddPage(WebApplicationBuilder builder, string workFolder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(new WebJobs(workFolder));
        builder.Services.AddSingleton<AccessToken>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<WebOptions>>((kestrel, web) =>
            kestrel.Limits.MaxRequestBodySize = web.Value.MaxFiles * web.Value.MaxFileBytes + 1024 * 1024);
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<WebOptions>>((form, web) =>
        {
            form.MultipartBodyLengthLimit = web.Value.MaxFiles * web.Value.MaxFileBytes + 1024 * 1024;
            form.ValueCountLimit = web.Value.MaxFiles + 16;
        });
    }

    static void MapPage(WebApplication app)
    {
        app.UseMiddleware<AccessToken>();
        app.MapGet("/", () => PageEndpoints.Asset("index.html"));
        app.MapGet("/assets/{name}", (string name) => PageEndpoints.Asset(name));
        app.MapGet("/api/ops", PageEndpoints.Operations);
        app.MapPost("/api/batches", UploadEndpoint.HandleAsync).DisableAntiforgery();
        app.MapGet("/api/batches/{id:guid}", JobEndpoints.StatusAsync);
        app.MapGet("/api/batches/{id:guid}/inputs/{index:int}", JobEndpoints.InputAsync);
        app.MapGet("/api/batches/{id:guid}/outputs/{index:int}", (Guid id, int index, bool? download, WebJobs jobs,
            JobStatusReader status, IBlobStore blobs, CancellationToken token) =>
            JobEndpoints.OutputAsync(id, index, download ?? false, jobs, status, blobs, token));
        app.MapGet("/api/batches/{id:guid}/zip", JobEndpoints.ZipAsync);
    }
}
