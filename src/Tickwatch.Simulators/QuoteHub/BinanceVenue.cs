using System.Buffers;
using System.Text;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// What makes a hub feed a Binance venue: its venue symbols and stream names, each symbol's book update id and trade id,
/// and the encoding of one event per frame (raw, and wrapped for combined connections on JSON). Used only on the
/// engine's publishing path, one frame at a time.
/// </summary>
internal sealed class BinanceVenue
{
    /// <summary>The venue's limit of streams on one connection.</summary>
    public const int MaxStreamsPerConnection = 1024;

    private readonly IBinanceFrameEncoder _encoder;
    private readonly string[] _venueSymbols;
    private readonly string[] _quoteStreams;
    private readonly string[] _tradeStreams;
    private readonly Dictionary<string, int> _byHubSymbol;
    private readonly Dictionary<string, int> _byVenueSymbol;
    private readonly long[] _updateIds;
    private readonly long[] _tradeIds;
    private readonly Random _random;
    private readonly double _tradeProbability;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    /// <param name="options">The feed's settings (symbol map, trade probability).</param>
    /// <param name="encoder">The feed's Binance encoder.</param>
    /// <param name="hubSymbols">The symbols the hub serves.</param>
    /// <param name="seed">Seed of the quantities and trades, so a seeded hub repeats itself.</param>
    public BinanceVenue(QuoteHubFeedOptions options, IBinanceFrameEncoder encoder, IReadOnlyList<string> hubSymbols, int seed)
    {
        _encoder = encoder;
        IsSbe = encoder.Protocol == FeedProtocol.BinanceSbe;
        _random = new Random(seed);
        _tradeProbability = options.TradeProbability;

        // The map, when set, is the feed's whole list; otherwise every hub symbol goes out under its own name.
        var pairs = options.Symbols.Count > 0
            ? options.Symbols.Select(p => (Venue: p.Key.ToUpperInvariant(), Hub: p.Value)).Where(p => hubSymbols.Contains(p.Hub)).ToArray()
            : [.. hubSymbols.Select(s => (Venue: s.ToUpperInvariant(), Hub: s))];
        _venueSymbols = [.. pairs.Select(p => p.Venue)];
        var quoteSuffix = IsSbe ? "@bestBidAsk" : "@bookTicker";
        _quoteStreams = [.. _venueSymbols.Select(v => v.ToLowerInvariant() + quoteSuffix)];
        _tradeStreams = [.. _venueSymbols.Select(v => v.ToLowerInvariant() + "@trade")];
        _byHubSymbol = new Dictionary<string, int>(StringComparer.Ordinal);
        _byVenueSymbol = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < pairs.Length; i++)
        {
            _byHubSymbol[pairs[i].Hub] = i;
            _byVenueSymbol[pairs[i].Venue] = i;
        }

        _updateIds = new long[pairs.Length];
        _tradeIds = new long[pairs.Length];
    }

    public bool IsSbe { get; }

    public int SymbolCount => _venueSymbols.Length;

    /// <summary>Whether the feed lists the hub symbol (all of them unless its symbol map names fewer).</summary>
    public bool Serves(string hubSymbol) => _byHubSymbol.ContainsKey(hubSymbol);

    /// <summary>The stream name of a symbol's quotes or trades, lower-case symbol as the venue writes it.</summary>
    public string StreamName(int symbol, BinanceStream stream) => stream == BinanceStream.Quotes ? _quoteStreams[symbol] : _tradeStreams[symbol];

    /// <summary>Reads a stream name (<c>btcusdt@bookTicker</c>, <c>btcusdt@bestBidAsk</c>, <c>btcusdt@trade</c>) this feed serves.</summary>
    public bool TryParseStream(string name, out int symbol, out BinanceStream stream)
    {
        symbol = -1;
        stream = BinanceStream.Quotes;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || !_byVenueSymbol.TryGetValue(name[..at], out symbol))
        {
            return false;
        }

        var kind = name.AsSpan(at + 1);
        if (kind.Equals("bookTicker", StringComparison.OrdinalIgnoreCase) || kind.Equals("bestBidAsk", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        stream = BinanceStream.Trades;
        return kind.Equals("trade", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Encodes one full quote of a hub symbol with the symbol's next update id; false when the feed does not serve the symbol.</summary>
    public bool TryEncodeQuote(in WirePrice price, DateTimeOffset time, out OutgoingFrame frame)
    {
        frame = default;
        if (!_byHubSymbol.TryGetValue(price.Symbol, out var symbol) || price.Bid is not { } bid || price.Ask is not { } ask)
        {
            return false;
        }

        var quote = new BinanceBookTicker(_venueSymbols[symbol], ++_updateIds[symbol], bid, Quantity(), ask, Quantity(), time);
        var raw = Write(quote, null);
        var combined = IsSbe ? raw : Write(quote, _quoteStreams[symbol]);
        frame = new OutgoingFrame(raw, combined, symbol, BinanceStream.Quotes);
        return true;
    }

    /// <summary>Sometimes (the feed's trade probability) a trade of the symbol at a price within its quote; false when none this time.</summary>
    public bool TryTrade(string hubSymbol, decimal bid, decimal ask, DateTimeOffset time, out OutgoingFrame frame)
    {
        frame = default;
        if (_tradeProbability <= 0 || _random.NextDouble() >= _tradeProbability || !_byHubSymbol.TryGetValue(hubSymbol, out var symbol) || ask < bid)
        {
            return false;
        }

        // A whole number of the quote's smallest step above the bid, so the print has the quote's digits.
        var step = new decimal(1, 0, 0, false, (byte)Math.Max(bid.Scale, ask.Scale));
        var steps = (long)Math.Min((ask - bid) / step, long.MaxValue - 1);
        var price = bid + (_random.NextInt64(0, steps + 1) * step);
        var trade = new BinanceTrade(_venueSymbols[symbol], ++_tradeIds[symbol], price, Quantity(), _random.Next(2) == 0, time, time);
        var raw = WriteTrade(trade, null);
        var combined = IsSbe ? raw : WriteTrade(trade, _tradeStreams[symbol]);
        frame = new OutgoingFrame(raw, combined, symbol, BinanceStream.Trades);
        return true;
    }

    /// <summary>The <c>serverShutdown</c> event, a JSON text frame on both protocols; wrapped as <c>!serverShutdown</c> on a combined JSON connection.</summary>
    public byte[] ServerShutdown(DateTimeOffset time, bool combined)
    {
        var payload = $$"""{"e":"serverShutdown","E":{{time.ToUnixTimeMilliseconds()}}}""";
        return Encoding.UTF8.GetBytes(combined && !IsSbe ? $$"""{"stream":"!serverShutdown","data":{{payload}}}""" : payload);
    }

    // A quantity of 0.01 to 99.99 with two decimals, like a book's top level.
    private decimal Quantity() => new(_random.Next(1, 10_000), 0, 0, false, 2);

    private byte[] Write(in BinanceBookTicker quote, string? stream)
    {
        _buffer.ResetWrittenCount();
        _encoder.EncodeBookTicker(quote, stream, _buffer);
        return _buffer.WrittenSpan.ToArray();
    }

    private byte[] WriteTrade(in BinanceTrade trade, string? stream)
    {
        _buffer.ResetWrittenCount();
        _encoder.EncodeTrade(trade, stream, _buffer);
        return _buffer.WrittenSpan.ToArray();
    }
}
