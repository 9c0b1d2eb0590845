using System.Diagnostics.CodeAnalysis;
using ImagePipeline.Imaging.Operations;
using ImagePipeline.Imaging.Operations.Specs;

namespace ImagePipeline.UnitTests.Support;

/// <summary>The seed's ten operations with their seed parameters, by name, for tests that compare with the seed.</summary>
public static class OperationCatalog
{
    // In the seed's menu order.
    private static readonly IImageOperation[] Operations =
        StepCatalog.All.Take(StepCatalog.SeedCount).Select(d => (IImageOperation)OperationSpec.Parse(d.Name)).ToArray();

    private static readonly Dictionary<string, IImageOperation> ByName = Operations.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static IReadOnlyList<IImageOperation> All { get; } = Array.AsReadOnly(Operations);

    public static bool TryGet(string name, [NotNullWhen(true)] out IImageOperation? operation)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out operation);
    }

    /// <exception cref="UnknownOperationException">No seed operation has that name.</exception>
    public static IImageOperation Get(string name) =>
        TryGet(name, out var operation) ? operation : throw new UnknownOperationException(name, Operations.Select(o => o.Name));
}
