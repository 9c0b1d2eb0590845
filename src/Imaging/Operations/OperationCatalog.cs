using System.Diagnostics.CodeAnalysis;

namespace ImagePipeline.Imaging.Operations;

/// <summary>The operations the pipeline offers, by name.</summary>
public static class OperationCatalog
{
    // In the seed's menu order.
    private static readonly IImageOperation[] Operations =
    [
        new BlurOperation(),
        new GaussianOperation(),
        new MedianOperation(),
        new BilateralOperation(),
        new CannyOperation(),
        new InvertOperation(),
        new BrightnessIncreaseOperation(),
        new ToGrayOperation(),
        new ToBwOperation(),
        new ContrastStretchingOperation(),
    ];

    private static readonly Dictionary<string, IImageOperation> ByName = Operations.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static IReadOnlyList<IImageOperation> All { get; } = Array.AsReadOnly(Operations);

    public static bool TryGet(string name, [NotNullWhen(true)] out IImageOperation? operation)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out operation);
    }

    /// <exception cref="UnknownOperationException">No operation has that name.</exception>
    public static IImageOperation Get(string name) =>
        TryGet(name, out var operation) ? operation : throw new UnknownOperationException(name, Operations.Select(o => o.Name));
}
