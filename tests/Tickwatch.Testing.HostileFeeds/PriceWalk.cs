using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Testing.HostileFeeds;

/// <summary>The valid prices the hostile frames are interleaved with: a small seeded random walk per symbol, bid below ask, at each symbol's precision.</summary>
public sealed class PriceWalk
{
    private static readonly (string Symbol, decimal Mid, int Decimals)[] Start =
    [
        ("EURUSD", 1.08500m, 5),
        ("GBPUSD", 1.27000m, 5),
        ("USDJPY", 151.200m, 3),
        ("XAUUSD", 2350.50m, 2),
        ("US30", 39000.0m, 1),
        ("BTCUSD", 65000.00m, 2),
        ("USOIL", 78.50m, 2),
        ("XRPUSD", 0.52000m, 5),
    ];

    private readonly Random _random;
    private readonly decimal[] _mids;

    public PriceWalk(Random random)
    {
        _random = random;
        _mids = [.. Start.Select(s => s.Mid)];
    }

    public static IReadOnlyList<string> Symbols { get; } = [.. Start.Select(s => s.Symbol)];

    /// <summary>A random symbol of the walk.</summary>
    public string AnySymbol() => Start[_random.Next(Start.Length)].Symbol;

    /// <summary>The next full quote of <paramref name="index"/>-th symbol: the mid moves by at most 0.03 %, the spread is 1 to 20 ticks.</summary>
    public WirePrice Next(int index)
    {
        var (symbol, _, decimals) = Start[index];
        var tick = Tick(decimals);
        var mid = _mids[index] * (1m + ((decimal)(_random.NextDouble() - 0.5) * 0.0006m));
        _mids[index] = Math.Max(Math.Round(mid, decimals), tick * 100);
        var bid = _mids[index];
        var ask = bid + (tick * _random.Next(1, 21));
        return new WirePrice(symbol, bid, ask);
    }

    /// <summary>The next quote of a symbol by name.</summary>
    public WirePrice Next(string symbol) => Next(Array.FindIndex(Start, s => s.Symbol == symbol));

    /// <summary><paramref name="count"/> next quotes of distinct random symbols; about one in ten carries one side only (a partial update).</summary>
    public WirePrice[] NextMany(int count, bool allowPartial = true)
    {
        var indexes = Enumerable.Range(0, Start.Length).OrderBy(_ => _random.Next()).Take(Math.Min(count, Start.Length));
        return [.. indexes.Select(i =>
        {
            var price = Next(i);
            return !allowPartial || _random.Next(10) != 0 ? price
                : _random.Next(2) == 0 ? price with { Bid = null } : price with { Ask = null };
        })];
    }

    /// <summary>The precision step of <paramref name="decimals"/> places, e.g. 0.00001m for 5.</summary>
    public static decimal Tick(int decimals) => new(1, 0, 0, false, (byte)decimals);
}
