using Tickwatch.Core.Prices;

namespace Tickwatch.LoadHarness;

/// <summary>Compares what the book holds with what the source last sent, per feed and for the book's own quote.</summary>
internal static class BookVerifier
{
    private const int MaxExamples = 5;

    /// <returns>How many prices were compared, and the differences found (at most a few described).</returns>
    public static (int Checked, int Mismatches, List<string> Examples) Compare(
        PriceBook book, IReadOnlyList<(string Feed, IReadOnlyDictionary<string, (decimal? Bid, decimal? Ask)> Expected)> feeds)
    {
        var snapshots = book.Snapshot().ToDictionary(s => s.Symbol, StringComparer.Ordinal);
        var compared = 0;
        var mismatches = 0;
        var examples = new List<string>();
        foreach (var (feed, expected) in feeds)
        {
            foreach (var (symbol, (bid, ask)) in expected)
            {
                compared++;
                var state = snapshots.TryGetValue(symbol, out var snapshot) ? snapshot.Feeds.FirstOrDefault(f => f.Feed == feed) : null;
                if (state is null || state.Bid != bid || state.Ask != ask)
                {
                    Mismatch($"{symbol} on {feed}: book {state?.Bid}/{state?.Ask}, source {bid}/{ask}");
                }
            }
        }

        // The book's quote is the newest arrival, so it must be some feed's last price.
        foreach (var snapshot in snapshots.Values)
        {
            if (snapshot.Quote is not { } quote)
            {
                continue;
            }

            compared++;
            var state = snapshot.Feeds.FirstOrDefault(f => f.Feed == quote.Feed);
            if (state is null || state.Bid != quote.Bid || state.Ask != quote.Ask)
            {
                Mismatch($"{snapshot.Symbol}: quote {quote.Bid}/{quote.Ask} from {quote.Feed} is not that feed's last price {state?.Bid}/{state?.Ask}");
            }
        }

        return (compared, mismatches, examples);

        void Mismatch(string description)
        {
            mismatches++;
            if (examples.Count < MaxExamples)
            {
                examples.Add(description);
            }
        }
    }
}
