using System.Diagnostics;
using ImagePipeline.Contracts;
using ImagePipeline.Protocol.Layout;
using ImagePipeline.Sagas;
using ImagePipeline.Sagas.Persistence;
using ImagePipeline.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace ImagePipeline.Benchmarks.Measuring;

/// <summary>
/// The two stages of a tile that happen outside TileWorker, each in a replica against the same services:
/// the broker hop of a tile command through an empty durable queue (its queue wait when no tile is ahead
/// of it; under a batch, the wait behind other tiles adds to it, which processors export as
/// imagepipe.tile.queue_wait), and the image saga's state write when a tile completes (one conditional
/// write: the saga repository remembers the state it wrote last, so it does not read it first).
/// </summary>
internal sealed class OrchestrationStageTimer(IBlobStore blobs)
{
    const int Rounds = 21;

    /// <summary>Median milliseconds of one conditional write of an image's saga state, for an image of <paramref name="tileCount"/> tiles.</summary>
    public async Task<double> SagaUpdateAsync(int tileCount)
    {
        var store = new SagaStateStore<ImageState>(blobs);
        var state = new ImageState
        {
            CorrelationId = Guid.NewGuid(), CurrentState = nameof(ImageStateMachine.Processing), TileBits = new byte[(tileCount + 7) / 8],
            Recipe = new ImageRecipe
            {
                Operation = "gaussian", Tiling = ImageLayout.Tiling(64 * tileCount, 64, 64, halo: 2, channels: 3), PassCount = 1,
                OutputKey = "bench/stages/output.png", OutputEncoding = new(), ResultCacheKey = null,
            },
        };
        var etag = await store.WriteAsync(state, expectedETag: null, CancellationToken.None);
        var times = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            // Tile after tile, starting again for an image of fewer tiles than rounds: each write is of the same size.
            var tile = round % tileCount;
            state.TileBits[tile / 8] ^= (byte)(1 << (tile % 8));
            state.TilesDone = tile + 1;
            var watch = Stopwatch.StartNew();
            etag = await store.WriteAsync(state, etag, CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        await store.DeleteAsync(state.CorrelationId, CancellationToken.None);
        return Median(times);
    }

    /// <summary>Median milliseconds from publishing a persistent message (confirmed, as the pipeline publishes) to its delivery to a consumer.</summary>
    public static async Task<double> BrokerHopAsync(ConnectionFactory broker)
    {
        await using var connection = await broker.CreateConnectionAsync("imagepipe-bench");
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = $"bench-hop-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        try
        {
            TaskCompletionSource delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                delivered.TrySetResult();
            };
            await channel.BasicConsumeAsync(queue, autoAck: false, consumer);

            var body = new byte[600]; // about a ProcessTile command's JSON envelope
            var times = new List<double>();
            for (var round = 0; round <= Rounds; round++)
            {
                delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var watch = Stopwatch.StartNew();
                await channel.BasicPublishAsync("", queue, mandatory: false, new BasicProperties { Persistent = true }, body);
                await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
                if (round > 0) // the first warms the connection
                    times.Add(watch.Elapsed.TotalMilliseconds);
            }

            return Median(times);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
