namespace ImagePipeline.Client.Catalog;

/// <summary>The one vocabulary for a job's state, whichever command or page shows it.</summary>
public static class JobStateNames
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    /// <param name="ended">Every image has ended, done or failed.</param>
    /// <param name="failed">How many images failed (a cancelled image fails with the reason "cancelled").</param>
    /// <param name="cancelled">The job's cancel marker exists.</param>
    /// <remarks>A job whose images all ended done stays done even if a cancel came: nothing was cancelled.</remarks>
    public static string Of(bool ended, int failed, bool cancelled) => (ended, cancelled) switch
    {
        (false, true) => Cancelling,
        (false, false) => Running,
        (true, _) when failed == 0 => Done,
        (true, true) => Cancelled,
        (true, false) => Failed,
    };
}
