using System.Diagnostics;
using ImagePipeline.Imaging.Codecs;
using ImagePipeline.Imaging.Operations.Specs;
using ImagePipeline.Imaging.Tiling;
using ImagePipeline.Storage;
using OpenCvSharp;

namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>
/// Times the stages of one tile as TileWorker runs them (blob read, decode, op, encode, blob write)
/// in the benchmark's own replica against the same blob store. Queue wait and the saga update
/// happen outside TileWorker: <see cref="OrchestrationStageTimer"/> times those.
/// </summary>
internal sealed class TileStageTimer(IBlobStore blobs)
{
    const int Rounds = 5;

    /// <summary>A small image travelling whole: its original file in, a PNG out.</summary>
    public async Task<IReadOnlyDictionary<string, double>> WholeFileAsync(string file, string spec)
    {
        var operation = OperationSpec.Parse(spec);
        var key = $"bench/stages/{Guid.NewGuid():N}/input{Path.GetExtension(file)}";
        await using (var content = File.OpenRead(file))
            await blobs.UploadAsync(key, content, BlobWriteCondition.None, CancellationToken.None);

        return await MedianOfRoundsAsync(async stages =>
        {
            var encoded = await Time(stages, "blob read", () => blobs.ReadAllBytesAsync(key, CancellationToken.None));
            using var input = Time(stages, "decode", () => ImageCodec.DecodeBgr(encoded));
            using var output = Time(stages, "op", () => operation.Apply(input));
            var png = Time(stages, "encode", () => ImageCodec.EncodePng(output));
            await Time(stages, "blob write", () => blobs.UploadAsync(key + ".out.png", new MemoryStream(png), BlobWriteCondition.None, CancellationToken.None));
        });
    }

    /// <summary>A raw tile with its halo, cut from <paramref name="file"/> at the top left.</summary>
    public async Task<IReadOnlyDictionary<string, double>> RawTileAsync(string file, string spec, int tileSize)
    {
        var operation = OperationSpec.Parse(spec);
        var halo = operation.Halo;
        var key = $"bench/stages/{Guid.NewGuid():N}/tile.raw";
        using (var whole = ImageCodec.DecodeBgr(File.ReadAllBytes(file)))
        using (var region = new Mat(whole, new Rect(512, 256, tileSize + 2 * halo, tileSize + 2 * halo)))
        using (var raw = new MemoryStream())
        {
            RawTileFormat.Write(region, raw);
            raw.Position = 0;
            await blobs.UploadAsync(key, raw, BlobWriteCondition.None, CancellationToken.None);
        }

        return await MedianOfRoundsAsync(async stages =>
        {
            var bytes = await Time(stages, "blob read", () => blobs.ReadAllBytesAsync(key, CancellationToken.None));
            using var input = Time(stages, "decode", () => RawTileFormat.Read(new MemoryStream(bytes)));
            using var core = Time(stages, "op", () => TileProcessing.Process(input, new PixelRect(halo, halo, tileSize, tileSize), operation));
            var result = Time(stages, "encode", () =>
            {
                var buffer = new MemoryStream();
                RawTileFormat.Write(core, buffer);
                buffer.Position = 0;
                return buffer;
            });
            // As TileWorker stores a tile's result: a part of its image's results blob (a block, on Azure).
            await Time(stages, "blob write", () => blobs.StagePartAsync(new PartedBlob(key + ".out", 1), 0, result, CancellationToken.None));
        });
    }

    // The first round warms caches and connections and is dropped; the median of the rest is kept.
    static async Task<IReadOnlyDictionary<string, double>> MedianOfRoundsAsync(Func<Dictionary<string, double>, Task> round)
    {
        await round(new Dictionary<string, double>());
        var rounds = new List<Dictionary<string, double>>();
        for (var i = 0; i < Rounds; i++)
        {
            var stages = new Dictionary<string, double>();
            await round(stages);
            rounds.Add(stages);
        }

        return rounds[0].Keys.ToDictionary(stage => stage, stage => rounds.Select(r => r[stage]).Order().ElementAt(Rounds / 2));
    }

    static T Time<T>(Dictionary<string, double> stages, string stage, Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        var result = action();
        stages[stage] = watch.Elapsed.TotalMilliseconds;
        return result;
    }

    static async Task Time(Dictionary<string, double> stages, string stage, Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        stages[stage] = watch.Elapsed.TotalMilliseconds;
    }

    static async Task<T> Time<T>(Dictionary<string, double> stages, string stage, Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        var result = await action();
        stages[stage] = watch.Elapsed.TotalMilliseconds;
        return result;
    }
}
