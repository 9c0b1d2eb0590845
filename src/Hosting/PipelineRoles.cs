namespace ImagePipeline.Hosting;

/// <summary>What a process does in the pipeline; any process may do several.</summary>
[Flags]
public enum PipelineRoles
{
    /// <summary>Only sends commands (a submitting CLI).</summary>
    None = 0,

    /// <summary>Processes tiles.</summary>
    Processor = 1,

    /// <summary>Hosts the job and image sagas. Their state is in the blob store, so any number of processes may host them.</summary>
    Sagas = 2,

    /// <summary>Image-level work: reduces a pass's tile statistics, and assembles images from their processed tiles (one whole output image at a time).</summary>
    Assembler = 4,

    All = Processor | Sagas | Assembler,
}
