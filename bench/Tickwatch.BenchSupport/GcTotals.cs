namespace Tickwatch.BenchSupport;

/// <summary>A process's garbage collections so far and the time they paused it, read in that process.</summary>
public sealed record GcTotals(int Gen0, int Gen1, int Gen2, double PauseMs)
{
    public static GcTotals OfThisProcess() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds);

    public GcTotals Since(GcTotals earlier) => new(Gen0 - earlier.Gen0, Gen1 - earlier.Gen1, Gen2 - earlier.Gen2, PauseMs - earlier.PauseMs);

    /// <summary>"12 collections (gen0 10, gen1 2, gen2 0), paused 35 ms = 0.2 % of the window, 2.9 ms each on average".</summary>
    public string Describe(double windowSeconds)
    {
        // CollectionCount(0) counts every collection: a gen1 or gen2 one collects gen0 too.
        var collections = Gen0;
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{collections} collections (of which gen1 {Gen1 - Gen2}, gen2 {Gen2}), paused {PauseMs:0} ms = {PauseMs / (windowSeconds * 10):0.00} % of the window, {(collections == 0 ? 0 : PauseMs / collections):0.0} ms each on average");
    }
}
