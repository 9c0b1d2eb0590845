using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace ImagePipeline.UnitTests.Architecture;

/// <summary>
/// No folder's imports loop back to it: the namespaces of the pipeline, each a folder, depend on one another
/// without a cycle, within a project as between projects. The imaging library (its step model) is left out: it
/// depends on no other project, so no cycle can pass through it.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void Namespaces_DependOnEachOther_WithoutACycle()
    {
        var graph = NamespaceGraph();

        var cycles = StronglyConnected(graph).Where(component => component.Count > 1).ToList();

        Assert.True(cycles.Count == 0, "Namespaces that depend on each other in a cycle: " +
            string.Join("; ", cycles.Select(cycle => string.Join(" <-> ", cycle.Order(StringComparer.Ordinal)))));
    }

    [Fact]
    public void StronglyConnected_FindsACycle_WhereThereIsOne()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A", "D"], ["D"] = [],
        };

        var components = StronglyConnected(graph);

        Assert.Contains(components, component => component.Order().SequenceEqual(["A", "B", "C"]));
        Assert.Contains(components, component => component.SequenceEqual(["D"]));
    }

    /// <summary>Which of the pipeline's namespaces each one depends on, as NetArchTest finds the dependencies of their types.</summary>
    static Dictionary<string, HashSet<string>> NamespaceGraph()
    {
        var types = Types.InAssemblies(PipelineAssemblies.All.Where(assembly => assembly != PipelineAssemblies.Imaging));
        // Top-level types by namespace: a type's nested types (closures, state machines) are part of its namespace.
        var byNamespace = types.GetTypes()
            .Where(type => !type.FullName.Contains('/') && type.ReflectionType?.Namespace is { } ns && ns.StartsWith("ImagePipeline", StringComparison.Ordinal))
            .GroupBy(type => type.ReflectionType!.Namespace!)
            .ToDictionary(group => group.Key, group => group.Select(type => type.FullName).ToArray());

        var graph = byNamespace.Keys.ToDictionary(ns => ns, _ => new HashSet<string>());
        foreach (var from in byNamespace.Keys)
        {
            foreach (var (to, names) in byNamespace)
            {
                if (to != from && !types.That().ResideInNamespaceMatching($"^{Regex.Escape(from)}$").Should().NotHaveDependencyOnAny(names).GetResult().IsSuccessful)
                    graph[from].Add(to);
            }
        }

        return graph;
    }

    /// <summary>The strongly connected components of a directed graph (Tarjan): a component of two or more is a cycle.</summary>
    static List<List<string>> StronglyConnected(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph[node])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            components.Add(component);
        }

        foreach (var node in graph.Keys.Where(node => !index.ContainsKey(node)))
            Visit(node);
        return components;
    }
}
