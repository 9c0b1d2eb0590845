using System.Collections.Concurrent;
using ImagePipeline.Protocol.Status;
using ImagePipeline.Storage;

namespace ImagePipeline.Sagas;

/// <summary>
/// Before a job is announced finished, the images it counts done must have their outputs in the store. A store that
/// lost writes it had acknowledged (Azurite killed before it saved them) can lose an output while the events that
/// followed it are still on their way: they count the image done after the store came back without it. Such an image
/// is counted as not ended again, so the job waits, and the stalled-job reconciler re-drives it (it assembles the
/// image again, or fails it naming what is gone). One existence check per image, once per job, as it ends.
/// </summary>
internal static class LostOutputs
{
    const int Parallelism = 8;

    /// <returns>The indexes of the images no longer counted, none when every output is there or there is no manifest to check against.</returns>
    public static async Task<IReadOnlyList<int>> UncountAsync(IBlobStore blobs, Guid jobId, JobStatus job, CancellationToken cancellationToken)
    {
        if (!job.AllImagesEnded || await SubmittedJob.TryReadAsync(blobs, jobId, cancellationToken).ConfigureAwait(false) is not { } manifest)
            return [];

        var done = manifest.Images.Where(image => job.HasEnded(image.Index) && !job.FailureReasons.ContainsKey(image.Index));
        var lost = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(done, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (image, token) =>
            {
                if (!await blobs.ExistsAsync(image.OutputKey, token).ConfigureAwait(false))
                    lost.Add(image.Index);
            }).ConfigureAwait(false);

        foreach (var index in lost)
        {
            IndexSet.Remove(job.EndedBits, index);
            job.ImagesCompleted--;
        }

        return [.. lost.Order()];
    }
}
