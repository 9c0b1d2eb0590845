using ImagePipeline.Client.Catalog;
using ImagePipeline.Hosting;
using ImagePipeline.Storage;
using ImagePipeline.WebUi.Batches;
using ImagePipeline.WebUi.Endpoints;
using ImagePipeline.WebUi.Previews;
using ImagePipeline.WebUi.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagePipeline.WebUi;

/// <summary>How <c>imagepipe serve</c> runs: where it listens, which pipeline it uses, where it keeps batches, which settings it reads.</summary>
/// <param name="DistributedClient">
/// Adds the blob store and the bus of the distributed pipeline (when <paramref name="Distributed"/>); the command line passes its
/// own, which reports a refusing broker or store at once. By default, the plain ones.
/// </param>
public sealed record WebUiSettings(string Urls, bool Distributed, string WorkFolder, string? ConfigFile, IReadOnlyDictionary<string, string?>? Overrides = null,
    Action<IServiceCollection>? DistributedClient = null);

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
        builder.Logging.AddFilter("ImagePipeline.WebUi", LogLevel.Information);
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        // A start that fails is reported by the command in one line, not also logged with its stack.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        if (settings.Distributed)
        {
            (settings.DistributedClient ?? AddDistributedClient)(builder.Services);
        }
        else
        {
            builder.Services.AddSingleton<IBlobStore>(new FileSystemBlobStore(Path.Combine(settings.WorkFolder, "store")));
            builder.Services.AddPipelineBus(PipelineRoles.All, BusTransport.InMemory);
        }

        builder.Services.AddPipelineJobs();
        AddPage(builder.Services, settings);
        var app = builder.Build();
        MapPage(app);
        return app;
    }

    static void AddDistributedClient(IServiceCollection services)
    {
        services.AddBlobStore();
        services.AddPipelineBus(PipelineRoles.None, BusTransport.RabbitMq);
    }

    static void AddPage(IServiceCollection services, WebUiSettings settings)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(new BatchStore(settings.WorkFolder));
        services.AddSingleton<BatchReader>();
        services.AddSingleton<BatchSubmission>();
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<PreviewRenderer>();
        services.AddSingleton<AccessToken>();
        // The embedded pipeline's queue lives in this process, and its store in the work folder.
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<BatchRecovery>(provider, !settings.Distributed));
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<BatchRetention>(provider, !settings.Distributed));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<WebOptions>>((kestrel, web) =>
            kestrel.Limits.MaxRequestBodySize = web.Value.MaxFiles * web.Value.MaxFileBytes + 1024 * 1024);
        services.AddOptions<FormOptions>().Configure<IOptions<WebOptions>>((form, web) =>
        {
            form.MultipartBodyLengthLimit = web.Value.MaxFiles * web.Value.MaxFileBytes + 1024 * 1024;
            form.ValueCountLimit = web.Value.MaxFiles + 16;
        });
    }

    static void MapPage(WebApplication app)
    {
        app.UseMiddleware<AccessToken>();
        app.MapGet("/", (HttpContext context) => PageEndpoints.Asset("index.html", context));
        app.MapGet("/batches/{id:guid}", (HttpContext context) => PageEndpoints.Asset("index.html", context));
        app.MapGet("/assets/{name}", PageEndpoints.Asset);

        app.MapGet("/api/ops", OperationEndpoints.Operations);
        app.MapGet("/api/ops/check", OperationEndpoints.Check);
        app.MapGet("/api/settings", OperationEndpoints.Settings);

        app.MapGet("/api/batches", BatchEndpoints.RecentAsync);
        app.MapPost("/api/batches", UploadEndpoint.HandleAsync).DisableAntiforgery();
        app.MapGet("/api/batches/{id:guid}", BatchEndpoints.StatusAsync);
        app.MapPost("/api/batches/{id:guid}/cancel", BatchEndpoints.CancelAsync);
        app.MapGet("/api/batches/{id:guid}/zip", FileEndpoints.ZipAsync);
        app.MapGet("/api/batches/{id:guid}/files/{position:int}/input", FileEndpoints.Input);
        app.MapGet("/api/batches/{id:guid}/files/{position:int}/input/{size}", FileEndpoints.InputPreviewAsync);
        app.MapGet("/api/batches/{id:guid}/files/{position:int}/output", (Guid id, int position, bool? download, BatchStore batches,
            BatchReader reader, IBlobStore blobs, HttpContext context, CancellationToken token) =>
            FileEndpoints.OutputAsync(id, position, download ?? false, batches, reader, blobs, context, token));
        app.MapGet("/api/batches/{id:guid}/files/{position:int}/output/{size}", FileEndpoints.OutputPreviewAsync);
    }
}
