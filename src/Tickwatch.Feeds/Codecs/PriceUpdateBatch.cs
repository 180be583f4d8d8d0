using Tickwatch.Core.Prices;

namespace Tickwatch.Feeds.Codecs;

/// <summary>
/// Reusable output buffer of a codec: the prices of one frame and the entries that failed.
/// One per listener; cleared before each frame, so decoding allocates nothing per update.
/// </summary>
public sealed class PriceUpdateBatch
{
    private PriceUpdate[] _updates;
    private EntryError[] _errors;

    public PriceUpdateBatch(int initialCapacity = 256)
    {
        _updates = new PriceUpdate[initialCapacity];
        _errors = new EntryError[16];
    }

    public int Count { get; private set; }

    public int ErrorCount { get; private set; }

    public ReadOnlySpan<PriceUpdate> Updates => _updates.AsSpan(0, Count);

    public ReadOnlySpan<EntryError> Errors => _errors.AsSpan(0, ErrorCount);

    public void Add(in PriceUpdate update)
    {
        if (Count == _updates.Length)
        {
            Array.Resize(ref _updates, _updates.Length * 2);
        }

        _updates[Count++] = update;
    }

    public void AddError(ParseErrorCategory category, string detail)
    {
        if (ErrorCount == _errors.Length)
        {
            Array.Resize(ref _errors, _errors.Length * 2);
        }

        _errors[ErrorCount++] = new EntryError(category, detail);
    }

    /// <summary>Drops the prices of a frame that failed as a whole, keeping its entry errors.</summary>
    public void DiscardUpdates() => Count = 0;

    public void Clear()
    {
        Count = 0;
        ErrorCount = 0;
    }
}
