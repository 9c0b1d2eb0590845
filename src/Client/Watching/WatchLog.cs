using Microsoft.Extensions.Logging;

namespace ImagePipeline.Client.Watching;

/// <summary>What the watcher tells its operator, one line per event.</summary>
internal static partial class WatchLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Root}: drop files into {Inbox}/<operation>/")]
    public static partial void Started(ILogger logger, string root, string inbox);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId}: {Count} file(s) from inbox/{Folder} submitted")]
    public static partial void Submitted(ILogger logger, Guid jobId, int count, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId}: {Count} file(s) found claimed after a restart; submitting again: {Resubmit}")]
    public static partial void Resuming(ILogger logger, Guid jobId, int count, bool resubmit);

    [LoggerMessage(Level = LogLevel.Information, Message = "done: {Folder}/{Name} -> {Output}")]
    public static partial void Done(ILogger logger, string folder, string name, string output);

    [LoggerMessage(Level = LogLevel.Warning, Message = "failed: {Folder}/{Name}: {Reason}")]
    public static partial void Failed(ILogger logger, string folder, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is not in an operation folder and is left alone: move it into inbox/<operation>/")]
    public static partial void Misplaced(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {JobId} could not be completed now; it stays in processing/ and is retried")]
    public static partial void Retrying(ILogger logger, Exception exception, Guid jobId);
}
