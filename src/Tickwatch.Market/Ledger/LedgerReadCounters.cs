namespace Tickwatch.Market.Ledger;

/// <summary>How the clients' ledger reads were answered, per route: served, refused as invalid (400), or unavailable (503).</summary>
public sealed class LedgerReadCounters
{
    /// <summary>The routes counted: <c>history</c>, <c>deals</c>, <c>statement</c>.</summary>
    public static IReadOnlyList<string> Routes { get; } = ["history", "deals", "statement"];

    /// <summary>The outcomes counted: <c>ok</c>, <c>invalid</c>, <c>unavailable</c>.</summary>
    public static IReadOnlyList<string> Outcomes { get; } = ["ok", "invalid", "unavailable"];

    private readonly long[] _counts = new long[Routes.Count * Outcomes.Count];

    public void Count(string route, string outcome) => Interlocked.Increment(ref _counts[Slot(route, outcome)]);

    public long Read(string route, string outcome) => Interlocked.Read(ref _counts[Slot(route, outcome)]);

    private static int Slot(string route, string outcome)
    {
        var r = IndexOf(Routes, route);
        var o = IndexOf(Outcomes, outcome);
        return (r * Outcomes.Count) + o;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "Not a counted ledger read route or outcome.");
    }
}
