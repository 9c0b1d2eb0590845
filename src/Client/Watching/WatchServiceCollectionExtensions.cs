using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.Client.Watching;

public static class WatchServiceCollectionExtensions
{
    /// <summary>The watched-folder service; needs the pipeline's jobs (<c>AddPipelineJobs</c>) and a blob store.</summary>
    public static IServiceCollection AddFolderWatcher(this IServiceCollection services)
    {
        services.AddOptions<WatchOptions>().BindConfiguration(WatchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new WatchFolderLayout(provider.GetRequiredService<IOptions<WatchOptions>>().Value.Folder!));
        services.AddSingleton<ClaimJournal>();
        services.AddSingleton<ClaimRunner>();
        services.AddHostedService<FolderWatcher>();
        return services;
    }
}
