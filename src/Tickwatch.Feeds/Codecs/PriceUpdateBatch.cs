using Tickwatch.Core.Prices;

namespace Tickwatch.Feeds.Codecs;

/// <summary>
/// Reusable output buffer of a codec: the prices of one frame, the trades it reported and the entries that failed.
/// One per listener; cleared before each frame, so decoding allocates nothing per update.
/// </summary>
/// <remarks>Trades (<see cref="TradePrint"/>) are kept apart from the prices: a last traded price is never a quote.</remarks>
public sealed class PriceUpdateBatch
{
    private PriceUpdate[] _updates;
    private EntryError[] _errors;
    private TradePrint[] _trades = [];

    public PriceUpdateBatch(int initialCapacity = 256)
    {
        _updates = new PriceUpdate[initialCapacity];
        _errors = new EntryError[16];
    }

    public int Count { get; private set; }

    public int ErrorCount { get; private set; }

    public ReadOnlySpan<PriceUpdate> Updates => _updates.AsSpan(0, Count);

    public ReadOnlySpan<EntryError> Errors => _errors.AsSpan(0, ErrorCount);

    /// <summary>How many trades the frame reported.</summary>
    public int TradeCount { get; private set; }

    public ReadOnlySpan<TradePrint> Trades => _trades.AsSpan(0, TradeCount);

    public void Add(in PriceUpdate update)
    {
        if (Count == _updates.Length)
        {
            Array.Resize(ref _updates, _updates.Length * 2);
        }

        _updates[Count++] = update;
    }

    public void AddTrade(in TradePrint trade)
    {
        if (TradeCount == _trades.Length)
        {
            // Only trade feeds pay for the array, once.
            Array.Resize(ref _trades, Math.Max(8, _trades.Length * 2));
        }

        _trades[TradeCount++] = trade;
    }

    public void AddError(ParseErrorCategory category, string detail)
    {
        if (ErrorCount == _errors.Length)
        {
            Array.Resize(ref _errors, _errors.Length * 2);
        }

        _errors[ErrorCount++] = new EntryError(category, detail);
    }

    /// <summary>Drops the prices and trades of a frame that failed as a whole, keeping its entry errors.</summary>
    public void DiscardUpdates()
    {
        Count = 0;
        TradeCount = 0;
    }

    public void Clear()
    {
        Count = 0;
        TradeCount = 0;
        ErrorCount = 0;
    }
}
