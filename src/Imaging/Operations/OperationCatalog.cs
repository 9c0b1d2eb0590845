using System.Diagnostics.CodeAnalysis;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The operations the pipeline offers, by name.</summary>
public static class OperationCatalog
{
    public static IReadOnlyList<IImageOperation> All => throw new NotImplementedException();

    public static bool TryGet(string name, [NotNullWhen(true)] out IImageOperation? operation) => throw new NotImplementedException();

    /// <exception cref="UnknownOperationException">No operation has that name.</exception>
    public static IImageOperation Get(string name) => throw new NotImplementedException();
}
