namespace ImagePipeline.Submitter.Hosting;

/// <summary>The broker or blob store cannot be reached or is misconfigured (exit code 3).</summary>
internal sealed class InfrastructureUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
