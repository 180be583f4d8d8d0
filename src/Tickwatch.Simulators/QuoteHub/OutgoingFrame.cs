namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// One encoded frame of a feed, ready for its connections: the bytes for raw connections and for combined ones (the
/// same on every feed but Binance JSON), and, on a Binance feed, the venue symbol and stream it belongs to so that only
/// its subscribers get it.
/// </summary>
/// <param name="Raw">The frame for a raw (or non-Binance) connection.</param>
/// <param name="Combined">The frame for a Binance combined-stream connection.</param>
/// <param name="Symbol">Index of the venue symbol on its feed; -1 for a frame every connection gets.</param>
/// <param name="Stream">Which of the symbol's streams carries it.</param>
internal readonly record struct OutgoingFrame(ReadOnlyMemory<byte> Raw, ReadOnlyMemory<byte> Combined, int Symbol = -1, BinanceStream Stream = BinanceStream.Quotes)
{
    public static OutgoingFrame ToAll(ReadOnlyMemory<byte> payload) => new(payload, payload);
}
