namespace ImagePipeline.Submitter;

/// <summary>What <c>imagepipe</c> exits with; listed once, in the root command's help, and in the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int ImagesFailed = 1;
    public const int UsageError = 2;
    public const int InfrastructureUnavailable = 3;
    public const int JobNotFound = 4;
    public const int JobIncomplete = 5;
    public const int JobAlreadyEnded = 6;
    public const int OutputsNotWritten = 7;
    public const int Cancelled = 130;

    public const string HelpText =
        """
        Exit codes:
          0    success
          1    one or more images failed (each is reported with its reason)
          2    bad arguments: unknown operation or parameter, bad format or quality, missing input,
               an --out that is not a folder, a --config file that is missing or not JSON,
               inputs that are not the resumed job's (submit --resume)
          3    broker or blob store unreachable, refusing the credentials, or misconfigured
          4    unknown job id
          5    the job has not finished yet (download), or is still being submitted (submit --resume)
          6    the job had already ended (cancel), or its submission had (submit --resume)
          7    outputs could not be written to the output folder (a submitted job's stay in the blob store)
          130  interrupted (Ctrl+C)
        """;
}
