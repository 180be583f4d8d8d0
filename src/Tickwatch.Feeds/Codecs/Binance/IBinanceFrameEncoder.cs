using System.Buffers;

namespace Tickwatch.Feeds.Codecs.Binance;

/// <summary>Writes Binance stream events, one per frame, as the quote hub serves them; thread-safe and allocation-free per event.</summary>
public interface IBinanceFrameEncoder : IFeedFrameEncoder
{
    /// <summary>Writes one quote event: exactly one price with both sides, <paramref name="sequence"/> as its update id, quantities of 1.</summary>
    /// <exception cref="ArgumentException">Not exactly one price with both sides, or no sequence.</exception>
    void IFeedFrameEncoder.Encode(ReadOnlySpan<WirePrice> prices, long? sequence, DateTimeOffset? sourceTime, IBufferWriter<byte> output) =>
        EncodeBookTicker(BinanceQuoteFrame.From(prices, sequence, sourceTime), null, output);

    /// <summary>Writes one quote event.</summary>
    /// <param name="quote">The quote.</param>
    /// <param name="stream">The stream name for a combined connection's <c>{"stream","data"}</c> envelope (JSON only); null for a raw connection.</param>
    /// <param name="output">Receives the frame.</param>
    void EncodeBookTicker(in BinanceBookTicker quote, string? stream, IBufferWriter<byte> output);

    /// <summary>Writes one trade event.</summary>
    /// <param name="trade">The trade.</param>
    /// <param name="stream">The stream name for a combined connection's envelope (JSON only); null for a raw connection.</param>
    /// <param name="output">Receives the frame.</param>
    void EncodeTrade(in BinanceTrade trade, string? stream, IBufferWriter<byte> output);
}
