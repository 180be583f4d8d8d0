using System.Globalization;
using System.Text.RegularExpressions;
using Tickwatch.Testing;

namespace Tickwatch.ArchitectureTests.Logging;

/// <summary>The table of event-id ranges in docs/EVENT-IDS.md, read as the operators read it.</summary>
/// <remarks>
/// A row is <c>| area | `Namespace.Prefix`, … | low–high | … |</c>. A namespace belongs to the area with its longest
/// matching prefix (whole segments only), so <c>Tickwatch.Trading.Ledger</c> can have a range apart from
/// <c>Tickwatch.Trading</c>.
/// </remarks>
internal sealed partial class EventIdTable
{
    public const string RelativePath = "docs/EVENT-IDS.md";

    private EventIdTable(IReadOnlyList<EventIdArea> areas) => Areas = areas;

    public IReadOnlyList<EventIdArea> Areas { get; }

    public static EventIdTable Load() => Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, RelativePath)));

    public static EventIdTable Parse(string markdown)
    {
        var areas = new List<EventIdArea>();
        foreach (var line in markdown.Split('\n').Select(l => l.Trim()))
        {
            if (!line.StartsWith('|'))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var range = cells.Length >= 3 ? RangePattern().Match(cells[2]) : Match.Empty;
            if (!range.Success)
            {
                // The header, the separator and any other table.
                continue;
            }

            var prefixes = PrefixPattern().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            areas.Add(new EventIdArea(
                cells[0],
                prefixes,
                int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture)));
        }

        return new EventIdTable(areas);
    }

    /// <summary>The area whose prefix matches <paramref name="ns"/> longest, or null when none does.</summary>
    public EventIdArea? AreaOf(string ns) =>
        Areas
            .SelectMany(a => a.NamespacePrefixes.Select(p => (Area: a, Prefix: p)))
            .Where(x => ns == x.Prefix || ns.StartsWith(x.Prefix + ".", StringComparison.Ordinal))
            .OrderByDescending(x => x.Prefix.Length)
            .Select(x => x.Area)
            .FirstOrDefault();

    [GeneratedRegex(@"^(\d+)\s*[–-]\s*(\d+)$")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"`(Tickwatch(?:\.[A-Za-z0-9_]+)*)`")]
    private static partial Regex PrefixPattern();
}
