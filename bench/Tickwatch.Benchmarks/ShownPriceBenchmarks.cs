using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Gateway.Forensics;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Benchmarks;

/// <summary>
/// The gateway's record of what it showed (issue 21): one price element recorded for a user's stream connection, as its
/// send loop does for each element a socket took, 20 symbols in turn, every ring already full (the steady state: each
/// price pushes out the oldest of its ring); for one user (hot rings) and for 1,000 users in turn (the load harness's
/// 20,000 rings, a user's 20 prices at a time, as its messages are).
/// </summary>
/// <remarks>
/// <see cref="ShownPriceRecorder.Record"/> finds the ring by symbol and takes the price apart at each call, which a stream
/// connection does once per subscription and once per frame: an upper bound of the send loop's cost.
/// </remarks>
public class ShownPriceBenchmarks
{
    private const int Symbols = 20;

    private ShownPriceRecorder[] _recorders = null!;
    private string[] _symbols = null!;
    private StoredPrice[] _prices = null!;
    private DateTimeOffset _sentAt;
    private int _next;
    private int _user;

    /// <summary>One price per call; named so the updates-per-second column reads it.</summary>
    [Params(1)]
    public int PricesPerFrame { get; set; }

    /// <summary>Users recorded for in turn, 20 symbols each.</summary>
    [Params(1, 1_000)]
    public int Users { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var log = new ShownPriceLog(Options.Create(new ShownPriceOptions()), TimeProvider.System);
        _recorders = [.. Enumerable.Range(1, Users).Select(u => log.ForStream($"live:{u}") ?? throw new InvalidOperationException("live:N is an account."))];
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
        for (var i = 0; i < log.Options.ShownPerSymbol * Symbols * Users; i++)
        {
            Record();
        }
    }

    [Benchmark]
    public void Record()
    {
        _recorders[_user].Record(_symbols[_next], _prices[_next], _sentAt, 0);
        if (++_next == Symbols)
        {
            _next = 0;
            _user = _user == Users - 1 ? 0 : _user + 1;
        }
    }
}
