using ImagePipeline.Storage;

namespace ImagePipeline.Protocol.Layout;

/// <summary>
/// The blob store's tree: what each prefix holds, and the keys that belong to a job rather than to one image
/// (an image's own keys are its <see cref="ImageLayout"/>'s). Every key is a function of ids, indexes and content
/// hashes, so a redelivered message rewrites the same blob instead of adding a second one.
/// </summary>
/// <remarks>
/// <code>
/// submissions/{job}.json                a submission not yet completed (SubmissionRecord)
/// submissions/{job}.progress            how far it got, rewritten as its heartbeat (SubmissionProgress)
/// jobs/{job}/manifest.json              what was submitted (the client's), written once the submission completes
/// jobs/{job}/cancelled                  the job's cancel marker
/// jobs/{job}/sources/{image}            an image processed whole, as submitted
/// jobs/{job}/failed/{image}             marks a tiled image that failed
/// jobs/{job}/work/{image}/...           a tiled image's intermediates: packs, results, statistics, parameters
/// jobs/{job}/outputs/{name}             finished outputs, written once
/// sagas/jobstate/{job}.json             the job saga's state, with the status it publishes
/// sagas/imagestate/{image id}.json      an image saga's state, with the status it publishes
/// cache/results/{input hash}/{recipe}   finished outputs kept for reuse
/// </code>
/// </remarks>
public static class StoreLayout
{
    /// <summary>What every saga state's key starts with, and no other blob's.</summary>
    public const string SagaPrefix = "sagas/";

    /// <summary>What every job saga state's key starts with: the list of jobs.</summary>
    public const string JobStatusPrefix = SagaPrefix + "jobstate/";

    /// <summary>What every <see cref="Submission"/> key starts with: the submissions not yet completed.</summary>
    public const string SubmissionPrefix = "submissions/";

    const string ImageStatusPrefix = SagaPrefix + "imagestate/";
    const string WorkFolder = "work";

    /// <summary>What every job's folder starts with.</summary>
    public const string JobsPrefix = "jobs/";

    /// <summary>Every blob of a job starts with this.</summary>
    public static string Job(Guid jobId) => $"{JobsPrefix}{jobId:N}/";

    /// <summary>The job whose folder (<see cref="Job"/>) this is; null for any other prefix.</summary>
    public static Guid? JobOfFolder(string folder) =>
        folder.StartsWith(JobsPrefix, StringComparison.Ordinal) && folder.EndsWith('/')
        && Guid.TryParseExact(folder[JobsPrefix.Length..^1], "N", out var jobId)
            ? jobId
            : null;

    public static string Manifest(Guid jobId) => $"{Job(jobId)}manifest.json";

    /// <summary>The record of a submission under way, or one whose submitter stopped before it completed.</summary>
    public static string Submission(Guid jobId) => $"{SubmissionPrefix}{jobId:N}.json";

    /// <summary>How far that submission got; rewritten every few seconds, so kept apart from the record's image list.</summary>
    public static string SubmissionProgress(Guid jobId) => $"{SubmissionPrefix}{jobId:N}.progress";

    /// <summary>The job a record key of <see cref="SubmissionPrefix"/> is the submission of; null for any other key.</summary>
    public static Guid? JobOfSubmission(string key) => JobOf(key, SubmissionPrefix);

    /// <summary>The job a progress key of <see cref="SubmissionPrefix"/> is the progress of; null for any other key.</summary>
    public static Guid? JobOfSubmissionProgress(string key) => JobOf(key, SubmissionPrefix, ".progress");

    /// <summary>Its existence cancels the job: workers check it before any work.</summary>
    public static string CancelMarker(Guid jobId) => $"{Job(jobId)}cancelled";

    /// <summary>A finished output; <paramref name="outputName"/> is made key-safe here.</summary>
    public static string Output(Guid jobId, string outputName) => $"{Job(jobId)}outputs/{BlobKey.SafeSegment(outputName)}";

    /// <summary>The job saga's state, whose <c>status</c> is the job's published status.</summary>
    public static string JobStatus(Guid jobId) => $"{JobStatusPrefix}{jobId:N}.json";

    /// <summary>An image saga's state, whose <c>status</c> is the image's published status.</summary>
    public static string ImageStatus(Guid imageId) => $"{ImageStatusPrefix}{imageId:N}.json";

    /// <summary>The job a key of <see cref="JobStatusPrefix"/> is the status of; null for any other key.</summary>
    public static Guid? JobOfStatus(string key) => JobOf(key, JobStatusPrefix);

    static Guid? JobOf(string key, string prefix, string suffix = ".json") =>
        key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(suffix, StringComparison.Ordinal)
        && Guid.TryParseExact(key[prefix.Length..^suffix.Length], "N", out var jobId)
            ? jobId
            : null;

    /// <summary>The blob a process writes, then removes, to learn whether the store takes writes again after refusing them.</summary>
    public static string Probe(string process) => $"probes/{BlobKey.SafeSegment(process)}";

    /// <summary>A finished output kept for reuse, under the hashes of its input's content and of its recipe.</summary>
    public static string CachedResult(string inputHash, string recipeHash) => $"cache/results/{inputHash}/{recipeHash}";

    /// <summary>
    /// Whether the key is one of a tiled image's intermediate blobs (input packs, results, statistics, parameters),
    /// which are removed once the image is assembled or has failed; not a source, output, marker or manifest.
    /// </summary>
    public static bool IsIntermediate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var segments = key.Split('/');
        return segments.Length > 4 && segments[0] == "jobs" && segments[2] == WorkFolder;
    }

    internal static string Source(Guid jobId, int imageIndex) => $"{Job(jobId)}sources/{imageIndex}";

    internal static string FailedImage(Guid jobId, int imageIndex) => $"{Job(jobId)}failed/{imageIndex}";

    internal static string Work(Guid jobId, int imageIndex) => $"{Job(jobId)}{WorkFolder}/{imageIndex}/";
}
