using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;
using Tickwatch.Feeds.Recording;
using Tickwatch.Simulators.QuoteHub;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Feeds.Replay;

/// <summary>
/// Recordings replayed by the quote hub into a live market service over loopback: the real Binance captures land in the
/// book at their last captured prices, and a recorded session of the hub's own generator reproduces the book exactly.
/// </summary>
public sealed class ReplayThroughMarketTests : IDisposable
{
    private const string Samples = "tests/Tickwatch.Feeds.Tests/Codecs/Binance/Samples";

    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "twrec-market-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Messages received may count the hub's answer to the listener's SUBSCRIBE on top of the replayed frames, hence >=.

    /// <summary>
    /// The last <c>@bookTicker</c> of each symbol in the captures, checked by hand in the files: combined_stream.jsonl line 250
    /// (NKNUSDT u=499870151), line 247 (LRCBTC u=259345558), line 130 (BLZETH u=281916636); bookTicker.jsonl carries the same
    /// frames raw (lines 1–84) and a 2019 BTCUSDT quote on line 85 (u=1127645101). Each is the symbol's highest update id, so
    /// the book keeps it. The feed's symbol map prices NKNUSD from NKNUSDT and BTCUSD from BTCUSDT; RUNEEUR, which only has
    /// depth and aggTrade frames, is not in the map and is refused as unknown.
    /// </summary>
    public static TheoryData<string, string?, string, string[]> Captures => new()
    {
        {
            "combined_stream.jsonl", "combined_stream.recv_ts.txt", "/stream?streams=nknusdt@bookTicker/lrcbtc@bookTicker/blzeth@bookTicker",
            ["NKNUSD 0.35270000 0.35310000", "LRCBTC 0.00000637 0.00000638", "BLZETH 0.00006547 0.00006560"]
        },
        {
            "bookTicker.jsonl", null, "/ws/nknusdt@bookTicker",
            ["NKNUSD 0.35270000 0.35310000", "LRCBTC 0.00000637 0.00000638", "BLZETH 0.00006547 0.00006560", "BTCUSD 8010.00000000 8012.15000000"]
        },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public async Task A_capture_replayed_through_a_live_market_service_leaves_each_symbol_at_its_last_captured_bid_and_ask(
        string capture, string? receiveTimes, string pathAndQuery, string[] expected)
    {
        var file = Path.Combine(_directory, "capture.twrec");
        var imported = await FeedRecordingImport.ImportAsync(
            RepositoryFiles.PathOf($"{Samples}/{capture}"),
            receiveTimes is null ? null : RepositoryFiles.PathOf($"{Samples}/{receiveTimes}"),
            FeedProtocol.BinanceJson,
            "binance",
            new Uri("wss://stream.binance.com:9443/stream"),
            file,
            new DateTimeOffset(2021, 10, 12, 0, 28, 31, TimeSpan.Zero));

        var hubOptions = new QuoteHubOptions { GenerateTicks = false };
        hubOptions.Feeds.Add(new QuoteHubFeedOptions { Name = "binance", Protocol = FeedProtocol.BinanceJson, Path = "/binance", Replay = new() { File = file, Speed = 0 } });
        await using var system = await MarketOnHub.StartAsync(hubOptions, hub => new Dictionary<string, string?>
        {
            ["Feeds:0:Name"] = "binance",
            ["Feeds:0:Protocol"] = nameof(FeedProtocol.BinanceJson),
            ["Feeds:0:Url"] = $"{hub}/binance{pathAndQuery}",
            ["Feeds:0:Symbols:NKNUSDT"] = "NKNUSD",
            ["Feeds:0:Symbols:LRCBTC"] = "LRCBTC",
            ["Feeds:0:Symbols:BLZETH"] = "BLZETH",
            ["Feeds:0:Symbols:BTCUSDT"] = "BTCUSD",
            ["Prices:Symbols:0"] = "NKNUSD",
            ["Prices:Symbols:1"] = "LRCBTC",
            ["Prices:Symbols:2"] = "BLZETH",
            ["Prices:Symbols:3"] = "BTCUSD",
        });

        var replay = await Eventually.ValueAsync(() => Task.FromResult(Replay(system)), r => r.Finished, "the hub has replayed the whole capture");
        Assert.Equal((imported.Frames, 0L, false), (replay.FramesSent, replay.FramesSkipped, replay.Torn));
        await Eventually.ValueAsync(() => system.ReceivedAsync("binance"), n => n >= imported.Frames, "the market service has read every replayed frame");

        foreach (var line in expected)
        {
            var (symbol, bid, ask) = Expected(line);
            var quote = system.Book.GetQuote(symbol);
            Assert.True(quote is not null, $"{symbol} is not in the book");
            Assert.Equal((symbol, bid, ask), (symbol, quote.Bid, quote.Ask));
        }

        Assert.Null(system.Book.GetQuote("RUNEEUR"));
    }

    [Theory]
    [InlineData(FeedProtocol.Json)]
    [InlineData(FeedProtocol.BinanceJson)]
    public async Task A_recorded_session_of_the_hub_replayed_into_a_fresh_market_service_reproduces_its_book_exactly(FeedProtocol protocol)
    {
        var binance = protocol == FeedProtocol.BinanceJson;
        var path = binance ? "/binance" : "/ws/live";
        var streams = string.Join('/', StandardInstruments.All.Select(i => i.Symbol.ToLowerInvariant() + "@bookTicker"));
        var feedPath = binance ? $"{path}/stream?streams={streams}" : path;
        Dictionary<string, string?> Market(string hub) => new()
        {
            ["Feeds:0:Name"] = "live",
            ["Feeds:0:Protocol"] = protocol.ToString(),
            ["Feeds:0:Url"] = hub + feedPath,
        };

        // Session A: the generator, paused until market service A and the recorder both listen, runs, then stops.
        var live = new QuoteHubOptions { Seed = 16, RateMultiplier = 0, SlowClientPolicy = SlowClientPolicy.Backpressure };
        live.Feeds.Add(new QuoteHubFeedOptions { Name = "live", Protocol = protocol, Path = path, TradeProbability = 0 });
        string file;
        Dictionary<string, Quote> bookA;
        await using (var a = await MarketOnHub.StartAsync(live, Market))
        {
            await using var recorder = await FrameRecorder.StartAsync(new Uri(a.HubWs + feedPath), protocol, _directory);
            await Eventually.UntilAsync(() => Feed(a).Connections == 2, "market service A and the recorder listen");
            a.Engine.SetTargetUpdatesPerSecond(4_000);
            await Eventually.UntilAsync(() => a.Engine.GetStatus().UpdatesGenerated >= 3_000, "the generator has sent 3000 updates", TimeSpan.FromSeconds(30));
            a.Engine.SetRateMultiplier(0);
            var rounds = a.Engine.GetStatus().Generator.Rounds;

            // The round after the change sends nothing more; then every frame reaches both listeners.
            await Eventually.UntilAsync(() => a.Engine.GetStatus().Generator.Rounds >= rounds + 2, "the generator has stopped");
            await Eventually.UntilAsync(() => recorder.Frames * 2 == Feed(a).FramesWritten, "the recorder has every frame the hub wrote");
            await Eventually.ValueAsync(() => a.ReceivedAsync("live"), n => n >= recorder.Frames, "market service A has read every frame");
            file = await recorder.StopAsync();
            bookA = Book(a);
        }

        Assert.True(bookA.Count >= StandardInstruments.All.Count - 1, $"only {bookA.Count} symbols were priced");

        // Session B: the recording replayed as fast as possible into a fresh market service.
        var replayOptions = new QuoteHubOptions { GenerateTicks = false };
        replayOptions.Feeds.Add(new QuoteHubFeedOptions { Name = "live", Protocol = protocol, Path = path, Replay = new() { File = file, Speed = 0 } });
        await using var b = await MarketOnHub.StartAsync(replayOptions, Market);
        var replay = await Eventually.ValueAsync(() => Task.FromResult(Replay(b)), r => r.Finished, "the hub has replayed the session");
        await Eventually.ValueAsync(() => b.ReceivedAsync("live"), n => n >= replay.FramesSent, "market service B has read every replayed frame");

        var bookB = Book(b);
        var decoded = await DecodeAsync(file, protocol);
        Assert.Equal(Comparable(bookA), Comparable(bookB));
        Assert.Equal(Comparable(bookA), Comparable(decoded));
    }

    private static ReplayStatus Replay(MarketOnHub system) => Assert.Single(system.Engine.ListReplays());

    private static FeedStatus Feed(MarketOnHub system) => system.Engine.GetStatus().Feeds.Single(f => f.Name == "live");

    private static (string Symbol, decimal Bid, decimal Ask) Expected(string line)
    {
        var parts = line.Split(' ');
        return (parts[0], decimal.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, Quote> Book(MarketOnHub system) =>
        system.Book.Snapshot().Where(s => system.Book.GetQuote(s.Symbol) is not null).ToDictionary(s => s.Symbol, s => system.Book.GetQuote(s.Symbol)!);

    /// <summary>Each symbol's bid, ask and the sequence and source time the book holds (the receive times differ between sessions).</summary>
    private static List<string> Comparable(Dictionary<string, Quote> book) =>
        [.. book.Values.OrderBy(q => q.Symbol, StringComparer.Ordinal).Select(q => $"{q.Symbol} {q.Bid} {q.Ask} seq {q.SourceSequence} src {q.SourceTime:O}")];

    /// <summary>The recording decoded frame by frame straight into a book of its own, as the listener would apply it.</summary>
    private static async Task<Dictionary<string, Quote>> DecodeAsync(string file, FeedProtocol protocol)
    {
        var registry = SymbolCatalog.Create(new PricesOptions());
        var book = new PriceBook(registry, TimeProvider.System);
        var codec = FeedCodecs.CreateCodec(protocol, registry, symbols: new BinanceSymbolMap(new Dictionary<string, string>()));
        var batch = new PriceUpdateBatch();
        await using var reader = await FeedRecordingReader.OpenAsync(file);
        while (await reader.ReadNextAsync())
        {
            batch.Clear();
            var frame = reader.Current;
            codec.Decode(frame.Payload.Span, frame.Kind, new DecodeContext("live", 1, frame.ReceivedAt), batch);
            foreach (var update in batch.Updates)
            {
                book.Apply(update);
            }
        }

        return book.Snapshot().Where(s => book.GetQuote(s.Symbol) is not null).ToDictionary(s => s.Symbol, s => book.GetQuote(s.Symbol)!);
    }
}
