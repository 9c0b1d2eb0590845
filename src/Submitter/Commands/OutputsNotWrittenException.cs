namespace ImagePipeline.Submitter.Commands;

/// <summary>Outputs could not be written into the output folder once the work had started (exit code 7); the message says what is kept and where.</summary>
internal sealed class OutputsNotWrittenException(string message, Exception inner) : Exception(message, inner);
