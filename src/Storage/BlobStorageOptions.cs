using System.ComponentModel.DataAnnotations;

namespace ImagePipeline.Storage;

/// <summary>The "Storage" configuration section. Which settings are required depends on <see cref="Provider"/>.</summary>
public sealed class BlobStorageOptions
{
    public const string SectionName = "Storage";
    public const string DefaultContainer = "imagepipeline";

    [Required(ErrorMessage = "Storage:Provider is required (FileSystem or AzureBlob).")]
    public BlobStorageProvider? Provider { get; set; }

    /// <summary>The file-system store's folder; a relative path is taken from the working directory.</summary>
    public string? RootPath { get; set; }

    /// <summary>The Azure Storage connection string. A secret: never logged, never shown in errors.</summary>
    public string? ConnectionString { get; set; }

    [Required(ErrorMessage = "Storage:Container is required.")]
    [RegularExpression("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$",
        ErrorMessage = "Storage:Container must be 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")]
    public string Container { get; set; } = DefaultContainer;
}
