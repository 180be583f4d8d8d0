using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Writing;

/// <summary>One symbol's place in the store writer: its newest pending quote, whether a write is in flight, and the newest version known stored.</summary>
/// <remarks>
/// Every transition holds the slot's lock; it is held for a few comparisons only. Invariants: at most one
/// write in flight; a pending quote is always newer than the one in flight and than anything known stored;
/// the slot is in the ready queue at most once.
/// </remarks>
internal sealed class SymbolWriteSlot(string symbol)
{
    private readonly Lock _lock = new();
    private Quote? _pending;
    private PriceVersion _pendingVersion;
    private bool _queued;
    private bool _inFlight;
    private PriceVersion _inFlightVersion;
    private PriceVersion? _floor;
    private PriceVersion? _lastWritten;

    public string Symbol { get; } = symbol;

    public bool HasPending
    {
        get
        {
            lock (_lock)
            {
                return _pending is not null;
            }
        }
    }

    /// <summary>Version of the last price this writer got written, if any.</summary>
    public PriceVersion? LastWritten
    {
        get
        {
            lock (_lock)
            {
                return _lastWritten;
            }
        }
    }

    public OfferOutcome Offer(Quote quote, PriceVersion version)
    {
        lock (_lock)
        {
            if ((_floor is { } floor && version <= floor) || (_inFlight && version <= _inFlightVersion))
            {
                return OfferOutcome.Dropped;
            }

            if (_pending is not null)
            {
                if (version <= _pendingVersion)
                {
                    return OfferOutcome.Dropped;
                }

                _pending = quote;
                _pendingVersion = version;
                return OfferOutcome.Replaced;
            }

            _pending = quote;
            _pendingVersion = version;
            if (_inFlight || _queued)
            {
                return OfferOutcome.Kept;
            }

            _queued = true;
            return OfferOutcome.Enqueue;
        }
    }

    /// <summary>Takes the pending quote for a write (the slot left the ready queue); null when there is none.</summary>
    public Quote? TakeForWrite(out PriceVersion version)
    {
        lock (_lock)
        {
            _queued = false;
            version = _pendingVersion;
            if (_pending is not { } quote || _inFlight)
            {
                return null;
            }

            _pending = null;
            _inFlight = true;
            _inFlightVersion = version;
            return quote;
        }
    }

    /// <summary>The write of <paramref name="version"/> ended as written or refused; returns true when the slot must go back in the ready queue.</summary>
    /// <param name="version">The version that was written or refused.</param>
    /// <param name="written">True when written, false when refused as older.</param>
    /// <param name="storedVersion">For a refusal, the newer version the store holds, when it said.</param>
    /// <param name="dropped">True when the pending quote turned out not to be newer than what is stored, and was dropped.</param>
    public bool Complete(PriceVersion version, bool written, PriceVersion? storedVersion, out bool dropped)
    {
        lock (_lock)
        {
            _inFlight = false;
            var known = storedVersion is { } stored ? PriceVersion.Max(stored, version) : version;
            _floor = _floor is { } floor ? PriceVersion.Max(floor, known) : known;
            if (written)
            {
                _lastWritten = version;
            }

            dropped = false;
            if (_pending is not null && _pendingVersion <= _floor.Value)
            {
                _pending = null;
                dropped = true;
            }

            return Requeue();
        }
    }

    /// <summary>The write of <paramref name="quote"/> failed: it becomes pending again unless a newer quote is; returns true when the slot must go back in the ready queue.</summary>
    public bool Release(Quote quote, PriceVersion version)
    {
        lock (_lock)
        {
            _inFlight = false;

            // A pending quote is always newer than the one that was in flight: the failed one is never resurrected over it.
            if (_pending is null)
            {
                _pending = quote;
                _pendingVersion = version;
            }

            return Requeue();
        }
    }

    private bool Requeue()
    {
        if (_pending is null || _queued)
        {
            return false;
        }

        _queued = true;
        return true;
    }
}
