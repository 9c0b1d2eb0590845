namespace ImagePipeline.Imaging.Operations.Specs;

/// <summary>
/// An operation spec that cannot be run: unknown step, unknown parameter, or a value out of range.
/// An <see cref="ArgumentException"/>, so the CLI reports it as a usage error before anything is submitted.
/// </summary>
public sealed class OperationSpecException(string message) : ArgumentException(message);
