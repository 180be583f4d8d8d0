using System.Xml.Linq;
using Tickwatch.Testing;

namespace Tickwatch.ArchitectureTests;

/// <summary>
/// The project graph of ARCHITECTURE.md, read from the project files: hosts never reference hosts, Core depends on
/// nothing, libraries never reference a host. A new project under src/ must be given its kind here first.
/// </summary>
public sealed class ProjectGraphUnitTests
{
    private enum Kind
    {
        Core,
        Library,
        Host,
        Executable,
    }

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["Tickwatch.Core"] = Kind.Core,
        ["Tickwatch.Hosting"] = Kind.Library,
        ["Tickwatch.Feeds"] = Kind.Library,
        ["Tickwatch.Storage"] = Kind.Library,
        ["Tickwatch.Trading"] = Kind.Library,
        ["Tickwatch.Market"] = Kind.Host,
        ["Tickwatch.Gateway"] = Kind.Host,
        ["Tickwatch.Simulators"] = Kind.Host,
        ["Tickwatch.Cli"] = Kind.Executable,
    };

    public static TheoryData<string> SourceProjects() => [.. ProjectFiles().Select(p => Path.GetFileNameWithoutExtension(p)!)];

    [Fact]
    public void Every_source_project_has_a_kind()
    {
        var unknown = ProjectFiles().Select(Path.GetFileNameWithoutExtension).Where(n => !Kinds.ContainsKey(n!)).ToList();
        Assert.True(unknown.Count == 0, $"Give {string.Join(", ", unknown)} a kind (core, library, host, executable) in {nameof(ProjectGraphUnitTests)}.");
    }

    [Fact]
    public void Core_depends_on_nothing()
    {
        var core = Load("Tickwatch.Core");
        var references = core.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference" or "Reference")
            .Select(e => e.Attribute("Include")?.Value).ToList();
        Assert.True(references.Count == 0, $"Tickwatch.Core is pure and references nothing, but references {string.Join(", ", references)}.");
    }

    [Fact]
    public void Hosting_references_core_only()
    {
        Assert.All(ProjectReferences("Tickwatch.Hosting"), r => Assert.Equal("Tickwatch.Core", r));
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void No_library_or_host_references_a_host(string project)
    {
        if (!Kinds.TryGetValue(project, out var kind) || kind == Kind.Executable)
        {
            return;
        }

        var hosts = ProjectReferences(project).Where(r => Kinds.GetValueOrDefault(r) is Kind.Host or Kind.Executable).ToList();
        Assert.True(
            hosts.Count == 0,
            $"{project} ({kind}) references the host(s) {string.Join(", ", hosts)}; move what it needs to Tickwatch.Hosting or a library.");
    }

    private static IEnumerable<string> ProjectFiles() =>
        Directory.EnumerateDirectories(Path.Combine(RepositoryFiles.Root, "src"))
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".csproj"))
            .Where(File.Exists);

    private static XDocument Load(string project) => XDocument.Load(Path.Combine(RepositoryFiles.Root, "src", project, project + ".csproj"));

    private static List<string> ProjectReferences(string project) =>
        [.. Load(project).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))];
}
