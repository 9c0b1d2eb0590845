namespace ImagePipeline.Benchmarks.Inputs;

/// <summary>A list that owns its items.</summary>
internal sealed class DisposableList<T>(IEnumerable<T> items) : List<T>(items), IDisposable
    where T : IDisposable
{
    public void Dispose() => ForEach(item => item.Dispose());
}
