using System.Collections.Concurrent;
using System.Text.Json;

namespace ImagePipeline.WebUi.Batches;

/// <summary>
/// The batches this server has taken, kept in its work folder: one JSON record each, its uploads and its
/// previews. Records are read back when the server starts, so a batch's URL outlives a restart.
/// </summary>
internal sealed class BatchStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly string _workFolder;
    readonly ConcurrentDictionary<Guid, BatchRecord> _batches = new();

    public BatchStore(string workFolder)
    {
        _workFolder = workFolder;
        Directory.CreateDirectory(RecordFolder);
        foreach (var path in Directory.EnumerateFiles(RecordFolder, "*.json"))
        {
            // A record cut short by a crash describes nothing that was submitted: skip it.
            if (TryRead(path) is { } record)
                _batches[record.Id] = record;
        }
    }

    string RecordFolder => Path.Combine(_workFolder, "batches");

    public string UploadFolder(Guid id) => Path.Combine(_workFolder, "uploads", id.ToString("N"));

    public string PreviewFolder(Guid id) => Path.Combine(_workFolder, "previews", id.ToString("N"));

    public BatchRecord? Find(Guid id) => _batches.GetValueOrDefault(id);

    /// <summary>Newest first.</summary>
    public IReadOnlyList<BatchRecord> Recent(int limit) => [.. _batches.Values.OrderByDescending(batch => batch.CreatedAt).Take(limit)];

    public IReadOnlyList<BatchRecord> CreatedBefore(DateTimeOffset time) => [.. _batches.Values.Where(batch => batch.CreatedAt < time)];

    public IReadOnlyCollection<BatchRecord> All => [.. _batches.Values];

    /// <summary>Written to a temporary file and renamed, so a crash leaves the old record or the new one.</summary>
    public async Task SaveAsync(BatchRecord record, CancellationToken cancellationToken)
    {
        var path = RecordPath(record.Id);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(record, Json), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        _batches[record.Id] = record;
    }

    /// <summary>Forgets the batch and deletes its record, uploads and previews.</summary>
    public void Remove(Guid id)
    {
        _batches.TryRemove(id, out _);
        File.Delete(RecordPath(id));
        foreach (var folder in new[] { UploadFolder(id), PreviewFolder(id) })
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
    }

    string RecordPath(Guid id) => Path.Combine(RecordFolder, $"{id:N}.json");

    static BatchRecord? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<BatchRecord>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
