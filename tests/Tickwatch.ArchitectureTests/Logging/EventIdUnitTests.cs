namespace Tickwatch.ArchitectureTests.Logging;

/// <summary>
/// Event ids are what operators grep the logs for: each area of the code has its range in docs/EVENT-IDS.md, every
/// <c>[LoggerMessage]</c> in a Tickwatch assembly declares an id in the range of its namespace's area, and no id is used twice.
/// </summary>
public sealed class EventIdUnitTests
{
    private static readonly EventIdTable Table = EventIdTable.Load();
    private static readonly IReadOnlyList<LogDeclaration> Declarations = LogDeclaration.All();

    [Fact]
    public void The_table_gives_each_area_a_range_of_its_own_and_each_namespace_prefix_one_area()
    {
        var problems = new List<string>();
        Assert.True(Table.Areas.Count > 0, $"No area could be read from {EventIdTable.RelativePath}: a row is | area | `Tickwatch.Prefix`, … | low–high | … |.");
        foreach (var area in Table.Areas)
        {
            if (area.NamespacePrefixes.Count == 0)
            {
                problems.Add($"The row '{area.Name}' names no namespace prefix: put the prefixes in backticks (`Tickwatch.X`).");
            }

            if (area.Low > area.High)
            {
                problems.Add($"The range of '{area.Name}' runs backwards ({area.Low}–{area.High}).");
            }
        }

        foreach (var (first, second) in Pairs(Table.Areas).Where(p => p.First.Low <= p.Second.High && p.Second.Low <= p.First.High))
        {
            problems.Add($"The ranges of {first} and {second} overlap: an id would not say which area logged it. Give each its own range.");
        }

        foreach (var prefix in Table.Areas.SelectMany(a => a.NamespacePrefixes).GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"The namespace prefix {prefix.Key} is in more than one row: keep it in one.");
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void The_declarations_of_every_tickwatch_assembly_are_read()
    {
        var assemblies = LogDeclaration.TickwatchAssemblies().Select(a => a.GetName().Name!).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(assemblies, new HashSet<string>(["tickwatch", "Tickwatch.Core", "Tickwatch.Feeds", "Tickwatch.Storage", "Tickwatch.Market", "Tickwatch.Gateway", "Tickwatch.Simulators"]));

        // LoggerMessageAttribute is kept in metadata; if a build ever dropped it, every rule below would pass on nothing.
        Assert.Contains(Declarations, d => d.Method == "Tickwatch.Feeds.Listening.FeedListenerLog.Started" && d.EventId == 1100);
    }

    [Fact]
    public void Every_log_declaration_has_an_event_id()
    {
        var problems = Declarations
            .Where(d => d.EventId < 0)
            .Select(d => $"{d.Method} declares no event id: add EventId = <a free id in {Table.AreaOf(d.Namespace)?.ToString() ?? "its area's range"}> to its [LoggerMessage].")
            .ToList();

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void Every_namespace_that_logs_has_an_area_in_the_table()
    {
        var problems = Declarations
            .Where(d => Table.AreaOf(d.Namespace) is null)
            .GroupBy(d => d.Namespace, StringComparer.Ordinal)
            .Select(g => $"The namespace {g.Key} logs ({string.Join(", ", g.Select(d => $"{d.Method} = {d.EventId}"))}) but no area of {EventIdTable.RelativePath} covers it: "
                + "add its prefix to the row of the area it belongs to, or add a row with a range of its own that overlaps no other.")
            .ToList();

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void Every_event_id_lies_in_the_range_of_its_namespaces_area()
    {
        var problems = new List<string>();
        foreach (var declaration in Declarations.Where(d => d.EventId >= 0))
        {
            if (Table.AreaOf(declaration.Namespace) is not { } area || area.Contains(declaration.EventId))
            {
                continue;
            }

            var owner = Table.Areas.FirstOrDefault(a => a.Contains(declaration.EventId));
            var taken = owner is null ? $"{declaration.EventId} is in no area's range" : $"{declaration.EventId} belongs to {owner}";
            var free = Enumerable.Range(area.Low, area.High - area.Low + 1).Where(id => Declarations.All(d => d.EventId != id)).Select(id => $"the first free one is {id}").FirstOrDefault() ?? "the area is full: widen its range";
            problems.Add($"{declaration.Method} (namespace {declaration.Namespace}) has event id {declaration.EventId}, outside the range of its area {area} ({taken}): "
                + $"give it a free id of its area ({free}) and list the change under 'Renumbered' in {EventIdTable.RelativePath}.");
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void No_two_declarations_share_an_event_id()
    {
        var problems = Declarations
            .Where(d => d.EventId >= 0)
            .GroupBy(d => d.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"Event id {g.Key} is declared by {string.Join(" and ", g.Select(d => d.Method))}: keep it on the one operators know and give the others a free id of their area.")
            .ToList();

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void A_namespace_belongs_to_the_area_with_its_longest_whole_segment_prefix()
    {
        var table = EventIdTable.Parse("""
            | area | namespace prefix(es) | range |
            |---|---|---|
            | Trading engine | `Tickwatch.Trading` | 6000–6999 |
            | Ledger | `Tickwatch.Trading.Ledger`, `Tickwatch.Ledger` | 7600-7999 |
            """);

        Assert.Equal("Ledger", table.AreaOf("Tickwatch.Trading.Ledger.Writing")?.Name);
        Assert.Equal("Ledger", table.AreaOf("Tickwatch.Ledger")?.Name);
        Assert.Equal("Trading engine", table.AreaOf("Tickwatch.Trading.LedgerLike")?.Name);
        Assert.Equal("Trading engine", table.AreaOf("Tickwatch.Trading")?.Name);
        Assert.Null(table.AreaOf("Tickwatch.TradingDesk"));
        Assert.Equal((7600, 7999), (table.Areas[1].Low, table.Areas[1].High));
    }

    private static IEnumerable<(EventIdArea First, EventIdArea Second)> Pairs(IReadOnlyList<EventIdArea> areas) =>
        areas.SelectMany((a, i) => areas.Skip(i + 1).Select(b => (a, b)));

    private static string Report(List<string> problems) =>
        $"{problems.Count} problem(s) with event ids (the table is {EventIdTable.RelativePath}):{Environment.NewLine}- " + string.Join(Environment.NewLine + "- ", problems);
}
