using ImagePipeline.Contracts;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Protocol;
using ImagePipeline.Protocol.Caching;
using ImagePipeline.Protocol.Cancellation;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Storage;
using ImagePipeline.Workers;
using ImagePipeline.Workers.Tiles;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImagePipeline.UnitTests.Support;

/// <summary>The identity and recipe of an image of a test job, made as the submitter makes them, and a worker for them.</summary>
public static class ImageMessages
{
    public static ImageIdentity NewImage(Guid? jobId = null, int index = 0, int count = 1) =>
        new() { JobId = jobId ?? NewId.NextGuid(), ImageId = NewId.NextGuid(), Index = index, Count = count };

    /// <summary>A tiled image's recipe: the tiling the submitter plans for <paramref name="operation"/> at <paramref name="tileSize"/>.</summary>
    public static ImageRecipe Tiled(ImageIdentity image, int width, int height, int tileSize, string operation = "median", int? maxPackBytes = null)
    {
        var chain = OperationSpec.Parse(operation);
        var tiling = ImageLayout.Tiling(width, height, tileSize, chain.Halo, channels: 3);
        return Recipe(image, chain.Name, maxPackBytes is { } limit ? tiling with { MaxPackBytes = limit } : tiling, chain.Passes.Count);
    }

    /// <summary>The recipe of an image that travels whole.</summary>
    public static ImageRecipe Whole(ImageIdentity image, string operation = "median") => Recipe(image, operation, tiling: null, passCount: 1);

    public static TileWorker WorkerOver(IBlobStore blobs, ProcessingOptions? options = null) =>
        new(blobs, new CancellationMarkers(new JobCancellation(blobs)), new TileInputs(blobs, Options.Create(options ?? new ProcessingOptions())),
            new OutputWriter(blobs, new ResultCache(blobs)));

    static ImageRecipe Recipe(ImageIdentity image, string operation, ImageTiling? tiling, int passCount) => new()
    {
        Operation = operation,
        Tiling = tiling,
        PassCount = passCount,
        OutputKey = StoreLayout.Output(image.JobId, $"image-{image.Index}.png"),
        OutputEncoding = new OutputEncoding(),
        ResultCacheKey = null,
    };
}
