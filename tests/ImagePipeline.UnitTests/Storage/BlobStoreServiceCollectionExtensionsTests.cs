using ImagePipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Storage;

public sealed class BlobStoreServiceCollectionExtensionsTests : IDisposable
{
    private readonly TemporaryFolder root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void AddBlobStore_WithFileSystemProvider_RegistersFileSystemStore()
    {
        using var services = Build(new() { ["Storage:Provider"] = "FileSystem", ["Storage:RootPath"] = root.Path });

        var store = Assert.IsType<FileSystemBlobStore>(services.GetRequiredService<IBlobStore>());

        Assert.Equal(root.Path, store.RootPath);
        Assert.Same(store, services.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public void AddBlobStore_WithAzureBlobProvider_RegistersAzureStoreWithDefaultContainer()
    {
        using var services = Build(new() { ["Storage:Provider"] = "AzureBlob", ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });

        var store = Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());

        Assert.Equal(BlobStorageOptions.DefaultContainer, store.ContainerName);
    }

    [Theory]
    [InlineData(null, null, null, null, "Storage:Provider")]
    [InlineData("FileSystem", null, null, null, "Storage:RootPath")]
    [InlineData("AzureBlob", null, null, null, "Storage:ConnectionString")]
    [InlineData("AzureBlob", null, "UseDevelopmentStorage=true", "Not_Valid", "Storage:Container")]
    public void AddBlobStore_WithIncompleteSettings_FailsStartupValidation(
        string? provider, string? rootPath, string? connectionString, string? container, string expectedMention)
    {
        using var services = Build(new()
        {
            ["Storage:Provider"] = provider,
            ["Storage:RootPath"] = rootPath,
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:Container"] = container,
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expectedMention, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBlobStore_WithMalformedConnectionString_FailsWithoutShowingIt()
    {
        const string secret = "Zm9vYmFyU2VjcmV0S2V5";
        using var services = Build(new()
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = $"AccountName=x;AccountKey={secret};Garbage",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Storage:ConnectionString", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AzureBlobStore_WithMalformedConnectionString_ThrowsWithoutShowingIt()
    {
        const string secret = "Zm9vYmFyU2VjcmV0S2V5";

        var failure = Assert.Throws<ArgumentException>(() => new AzureBlobStore($"AccountKey={secret};;=;", "images"));

        Assert.DoesNotContain(secret, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BlobStoreFactory_WithMissingRootPath_ThrowsOptionsValidationException()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            BlobStoreFactory.Create(new BlobStorageOptions { Provider = BlobStorageProvider.FileSystem }));

        Assert.Contains("Storage:RootPath", failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddBlobStore()
            .BuildServiceProvider();
    }
}
