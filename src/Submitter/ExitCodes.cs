namespace ImagePipeline.Submitter;

/// <summary>What <c>imagepipe</c> exits with; listed in every command's help and in the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int ImagesFailed = 1;
    public const int UsageError = 2;
    public const int InfrastructureUnavailable = 3;
    public const int JobNotFound = 4;
    public const int JobIncomplete = 5;
    public const int Cancelled = 130;

    public const string HelpText =
        "Exit codes: 0 success; 1 one or more images failed; 2 bad arguments (unknown operation, missing input); " +
        "3 broker or blob store unreachable or misconfigured; 4 unknown job id; 5 job not finished yet; 130 cancelled.";
}
