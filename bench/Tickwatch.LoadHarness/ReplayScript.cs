using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary>
/// The prices the replay server sends, as a loop of frames. Every frame holds distinct symbols, as the
/// hub's do; each symbol's first appearance in the loop is two-sided, so that wrapping round never
/// merges a partial update with a side from the other end of the loop; the walk stays within a few
/// dozen points of the reference, far inside every jump limit.
/// </summary>
internal sealed class ReplayScript
{
    private const int AppearancesPerSymbol = 16;
    private const int MinFrames = 64;
    private const int MaxOffsetPoints = 24;

    private ReplayScript(IReadOnlyList<WirePrice[]> frames, IReadOnlyList<string> symbols)
    {
        Frames = frames;
        Symbols = symbols;
    }

    public IReadOnlyList<WirePrice[]> Frames { get; }

    public IReadOnlyList<string> Symbols { get; }

    public static ReplayScript Create(IReadOnlyList<InstrumentSpec> instruments, int pricesPerFrame, double partialProbability, int seed)
    {
        var random = new Random(seed);
        var count = instruments.Count;
        var points = instruments.Select(i => PointOf(i.Digits)).ToArray();
        var spreads = instruments.Select((i, n) => Math.Max(1, (int)Math.Round(i.TypicalSpread / points[n]))).ToArray();
        var baseBids = instruments.Select((i, n) => decimal.Round(i.ReferencePrice - (spreads[n] * points[n] / 2), i.Digits)).ToArray();
        var offsets = new int[count];
        var bids = new decimal[count];
        var asks = new decimal[count];
        var seen = new bool[count];

        var frameCount = Math.Max(MinFrames, ((count * AppearancesPerSymbol) + pricesPerFrame - 1) / pricesPerFrame);
        var frames = new List<WirePrice[]>(frameCount);
        var frame = new List<WirePrice>(pricesPerFrame);
        var inFrame = new HashSet<int>();
        var order = Enumerable.Range(0, count).ToArray();
        while (frames.Count < frameCount)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                if (frame.Count == pricesPerFrame || inFrame.Contains(i))
                {
                    frames.Add([.. frame]);
                    frame.Clear();
                    inFrame.Clear();
                    if (frames.Count == frameCount)
                    {
                        break;
                    }
                }

                frame.Add(NextPrice(i));
                inFrame.Add(i);
            }
        }

        return new ReplayScript(frames, [.. instruments.Select(i => i.Symbol)]);

        WirePrice NextPrice(int i)
        {
            // A small mean-reverting walk in whole points.
            var step = random.Next(-2, 3);
            offsets[i] = Math.Clamp(offsets[i] + (offsets[i] > MaxOffsetPoints / 2 ? -1 : offsets[i] < -MaxOffsetPoints / 2 ? 1 : step), -MaxOffsetPoints, MaxOffsetPoints);
            var bid = Math.Max(points[i], baseBids[i] + (offsets[i] * points[i]));
            var ask = bid + ((spreads[i] + random.Next(0, 3)) * points[i]);
            var symbol = instruments[i].Symbol;
            if (seen[i] && random.NextDouble() < partialProbability)
            {
                // One side moves, the other keeps its last value, as long as the quote stays uncrossed.
                if (random.Next(2) == 0 && bid < asks[i])
                {
                    bids[i] = bid;
                    return new WirePrice(symbol, bid, null);
                }

                if (ask > bids[i])
                {
                    asks[i] = ask;
                    return new WirePrice(symbol, null, ask);
                }
            }

            seen[i] = true;
            bids[i] = bid;
            asks[i] = ask;
            return new WirePrice(symbol, bid, ask);
        }
    }

    /// <summary>The last bid and ask of every symbol sent once <paramref name="framesSent"/> frames of the loop have gone out.</summary>
    public IReadOnlyDictionary<string, (decimal? Bid, decimal? Ask)> LastPricesAfter(long framesSent)
    {
        var last = new Dictionary<string, (decimal? Bid, decimal? Ask)>(StringComparer.Ordinal);
        if (framesSent >= Frames.Count)
        {
            Apply(last, Frames.Count);
        }

        Apply(last, (int)(framesSent % Frames.Count));
        return last;
    }

    private void Apply(Dictionary<string, (decimal? Bid, decimal? Ask)> last, int frames)
    {
        for (var f = 0; f < frames; f++)
        {
            foreach (var price in Frames[f])
            {
                last.TryGetValue(price.Symbol, out var current);
                last[price.Symbol] = (price.Bid ?? current.Bid, price.Ask ?? current.Ask);
            }
        }
    }

    private static decimal PointOf(int digits) => new(1, 0, 0, false, (byte)digits);
}
