namespace ImagePipeline.Contracts;

/// <summary>Which class of work a job is: an interactive job's tiles go ahead of every batch job's.</summary>
public enum JobPriority
{
    /// <summary>Watched folders and the command line by default; batch jobs share the processors fairly among themselves.</summary>
    Batch = 0,

    /// <summary>The web page, and <c>--priority interactive</c> on the command line: someone is waiting for it.</summary>
    Interactive = 1,
}
