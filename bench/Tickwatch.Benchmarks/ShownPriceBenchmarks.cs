using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Benchmarks;

/// <summary>
/// The gateway's record of what it showed (issue 21): one price element recorded for a user's stream connection, as its
/// send loop does for each element a socket took, 20 symbols in turn, every ring already full (the steady state: each
/// price pushes out the oldest of its ring).
/// </summary>
public class ShownPriceBenchmarks
{
    private const int Symbols = 20;

    private ShownPriceRecorder _recorder = null!;
    private string[] _symbols = null!;
    private StoredPrice[] _prices = null!;
    private DateTimeOffset _sentAt;
    private int _next;

    /// <summary>One price per call; named so the updates-per-second column reads it.</summary>
    [Params(1)]
    public int PricesPerFrame { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var log = new ShownPriceLog(Options.Create(new ShownPriceOptions()), TimeProvider.System);
        _recorder = log.ForStream("live:42") ?? throw new InvalidOperationException("live:42 is an account.");
        _sentAt = TimeProvider.System.GetUtcNow();
        var prices = BenchmarkFrames.Prices(Symbols, new Random(21));
        _symbols = [.. prices.Select(p => p.Symbol)];
        _prices = [.. prices.Select((p, i) => new StoredPrice
        {
            Symbol = p.Symbol,
            Bid = p.Bid!.Value,
            Ask = p.Ask!.Value,
            Feed = "json",
            ReceivedAt = _sentAt.AddMilliseconds(-3),
            BookSequence = i + 1,
            Version = new PriceVersion(0, i + 1),
        })];
        for (var i = 0; i < log.Options.ShownPerSymbol * Symbols; i++)
        {
            Record();
        }
    }

    [Benchmark]
    public void Record()
    {
        _recorder.Record(_symbols[_next], _prices[_next], _sentAt, 0);
        _next = _next == Symbols - 1 ? 0 : _next + 1;
    }
}
