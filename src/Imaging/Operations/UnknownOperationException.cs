namespace ImagePipeline.Imaging.Operations;

/// <summary>An operation name that the catalog does not know; the message lists the known ones.</summary>
public sealed class UnknownOperationException(string name, IEnumerable<string> known)
    : Exception($"Unknown operation '{name}'. Known operations: {string.Join(", ", known)}.")
{
    public string Name { get; } = name;
}
