namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The snake_case names of <see cref="FaultKind"/> used by the control API.</summary>
public static class FaultKindNames
{
    private static readonly string[] Names =
    [
        "drop",
        "stall",
        "garbage",
        "truncate",
        "duplicate",
        "out_of_order",
        "spike",
        "freeze",
        "diverge",
    ];

    /// <summary>All names, in declaration order.</summary>
    public static IReadOnlyList<string> All => Names;

    public static string ToWireName(this FaultKind kind) => Names[(int)kind];

    public static bool TryParse(string? name, out FaultKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = (FaultKind)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Kinds that act on a number of frames (<c>count</c>).</summary>
    public static bool IsCounted(this FaultKind kind) =>
        kind is FaultKind.Garbage or FaultKind.Truncate or FaultKind.Duplicate or FaultKind.OutOfOrder or FaultKind.Spike;
}
