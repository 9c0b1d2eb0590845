namespace ImagePipeline.Submitter.Commands;

/// <summary>A mistake in the command line, found before anything is read, stored or submitted (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
