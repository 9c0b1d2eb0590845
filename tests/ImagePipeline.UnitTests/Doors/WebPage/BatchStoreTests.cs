using ImagePipeline.WebUi.Batches;

namespace ImagePipeline.UnitTests.Doors.WebPage;

public sealed class BatchStoreTests : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("imagepipe-batches-").FullName;

    [Fact]
    public async Task SaveAsync_WhenTheServerStartsAgainOnTheFolder_FindsTheBatchWithItsFilesInOrder()
    {
        var batch = Batch(DateTimeOffset.UtcNow);
        await new BatchStore(_work).SaveAsync(batch, CancellationToken.None);

        var found = new BatchStore(_work).Find(batch.Id);

        Assert.NotNull(found);
        Assert.Equal(batch.JobId, found.JobId);
        Assert.Equal(["a.png", "notes.png", "b.jpg"], found.Files.Select(file => file.Name));
        Assert.Equal(["/uploads/0/a.png", "/uploads/2/b.jpg"], found.AcceptedPaths());
    }

    [Fact]
    public void Constructor_WhenARecordIsCutShort_SkipsIt()
    {
        Directory.CreateDirectory(Path.Combine(_work, "batches"));
        File.WriteAllText(Path.Combine(_work, "batches", $"{Guid.NewGuid():N}.json"), "{\"id\":\"");

        Assert.Empty(new BatchStore(_work).All);
    }

    [Fact]
    public async Task Remove_DeletesTheRecordUploadsAndPreviews()
    {
        var store = new BatchStore(_work);
        var batch = Batch(DateTimeOffset.UtcNow.AddDays(-10));
        await store.SaveAsync(batch, CancellationToken.None);
        Directory.CreateDirectory(store.UploadFolder(batch.Id));
        Directory.CreateDirectory(store.PreviewFolder(batch.Id));
        Assert.Equal([batch.Id], store.CreatedBefore(DateTimeOffset.UtcNow.AddDays(-7)).Select(old => old.Id));

        store.Remove(batch.Id);

        Assert.Null(store.Find(batch.Id));
        Assert.Empty(new BatchStore(_work).All);
        Assert.False(Directory.Exists(store.UploadFolder(batch.Id)));
        Assert.False(Directory.Exists(store.PreviewFolder(batch.Id)));
    }

    static BatchRecord Batch(DateTimeOffset createdAt) => new()
    {
        Id = Guid.NewGuid(),
        JobId = Guid.NewGuid(),
        CreatedAt = createdAt,
        Operation = "gaussian",
        Format = "png",
        Files =
        [
            new BatchFile { Name = "a.png", Bytes = 10, Image = 0, SavedPath = "/uploads/0/a.png" },
            new BatchFile { Name = "notes.png", Bytes = 5, Refusal = "Not a supported image." },
            new BatchFile { Name = "b.jpg", Bytes = 20, Image = 1, SavedPath = "/uploads/2/b.jpg" },
        ],
    };

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
