using System.Reflection;
using System.Runtime.CompilerServices;
using ImagePipeline.Contracts;
using ImagePipeline.UnitTests.TestData;

namespace ImagePipeline.UnitTests.Protocol;

/// <summary>
/// Every contract's fields, pinned: a change to a message fails here until contracts.txt changes with it, in the
/// same commit, which is where the versioning rule of src/Contracts/README.md is applied.
/// </summary>
public sealed class ContractShapeTests
{
    static readonly string Snapshot = Path.Combine(RepositoryPaths.Root, "tests", "ImagePipeline.UnitTests", "Protocol", "contracts.txt");

    [Fact]
    public void Contracts_AreTheShapesOnRecord()
    {
        var actual = Describe(typeof(ProcessTile).Assembly);

        var expected = File.ReadAllText(Snapshot).ReplaceLineEndings("\n");
        Assert.True(expected == actual,
            $"The contracts changed. If the change follows src/Contracts/README.md, record it in {Snapshot}:\n{actual}");
    }

    [Fact]
    public void Contracts_AreSealedRecordsWithInitOnlyProperties_InOneNamespace()
    {
        foreach (var type in typeof(ProcessTile).Assembly.GetExportedTypes().Where(type => !type.IsEnum))
        {
            Assert.Equal("ImagePipeline.Contracts", type.Namespace);
            Assert.True(type.IsSealed && type.GetMethod("<Clone>$") is not null, $"{type.Name} is not a sealed record");
            Assert.All(Properties(type), property => Assert.True(IsInitOnly(property), $"{type.Name}.{property.Name} is not init-only"));
        }
    }

    static string Describe(Assembly contracts)
    {
        var lines = new List<string>();
        foreach (var type in contracts.GetExportedTypes().OrderBy(type => type.Name, StringComparer.Ordinal))
        {
            lines.Add(type.Name);
            if (type.IsEnum)
                lines.AddRange(Enum.GetNames(type).Select(name => $"  {name} = {Convert.ToInt64(Enum.Parse(type, name))}"));
            else
                lines.AddRange(Properties(type).Select(property => $"  {property.Name}: {NameOf(property)}{(IsRequired(property) ? " (required)" : "")}"));
        }

        return string.Join("\n", lines) + "\n";
    }

    static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.Name != "EqualityContract");

    static bool IsRequired(PropertyInfo property) => property.GetCustomAttribute<RequiredMemberAttribute>() is not null;

    static bool IsInitOnly(PropertyInfo property) =>
        property.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) == true;

    static string NameOf(PropertyInfo property)
    {
        var nullable = new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable ? "?" : "";
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type.Name + nullable;
    }
}
