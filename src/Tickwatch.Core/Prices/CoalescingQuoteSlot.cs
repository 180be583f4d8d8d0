namespace Tickwatch.Core.Prices;

/// <summary>
/// One symbol's place in a quote consumer that must never hold up a feed thread (the store writer; the triggers and the
/// portfolio calculator next): the latest quote not yet taken, at most one taken at a time, and the newest version known
/// handled; every quote it skips is counted as a conflation.
/// </summary>
/// <remarks>
/// <para>
/// A listener offers each quote (<see cref="Offer"/>, from any feed thread; a few comparisons under the slot's lock)
/// and, when told <see cref="QuoteOfferOutcome.Enqueue"/>, puts the slot in its ready queue. Its one consumer takes the
/// pending quote (<see cref="Take"/>), handles it, and says how it ended (<see cref="Complete"/>, or <see cref="Release"/>
/// to try again); each returns true when the slot must go back in the ready queue.
/// </para>
/// <para>
/// Invariants: at most one quote taken; a pending quote is always newer (by <see cref="Quote.Version"/>) than the one
/// taken and than anything known handled; the slot is in the ready queue at most once.
/// </para>
/// </remarks>
public sealed class CoalescingQuoteSlot(string symbol)
{
    private readonly Lock _lock = new();
    private Quote? _pending;
    private bool _queued;
    private Quote? _taken;
    private PriceVersion? _floor;
    private PriceVersion? _lastAccepted;
    private long _conflations;

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

    /// <summary>Version of the last quote the consumer accepted, if any.</summary>
    public PriceVersion? LastAccepted
    {
        get
        {
            lock (_lock)
            {
                return _lastAccepted;
            }
        }
    }

    /// <summary>Quotes offered and never taken: replaced by a newer one, or not newer than one pending, taken or handled.</summary>
    public long Conflations
    {
        get
        {
            lock (_lock)
            {
                return _conflations;
            }
        }
    }

    public QuoteOfferOutcome Offer(Quote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var version = quote.Version;
        lock (_lock)
        {
            if ((_floor is { } floor && version <= floor) || (_taken is { } taken && version <= taken.Version))
            {
                _conflations++;
                return QuoteOfferOutcome.Dropped;
            }

            if (_pending is { } pending)
            {
                _conflations++;
                if (version <= pending.Version)
                {
                    return QuoteOfferOutcome.Dropped;
                }

                _pending = quote;
                return QuoteOfferOutcome.Replaced;
            }

            _pending = quote;
            if (_taken is not null || _queued)
            {
                return QuoteOfferOutcome.Kept;
            }

            _queued = true;
            return QuoteOfferOutcome.Enqueue;
        }
    }

    /// <summary>Takes the pending quote (the slot left the ready queue); null when there is none or one is taken already.</summary>
    public Quote? Take()
    {
        lock (_lock)
        {
            _queued = false;
            if (_pending is not { } quote || _taken is not null)
            {
                return null;
            }

            _pending = null;
            _taken = quote;
            return quote;
        }
    }

    /// <summary>The consumer is done with <paramref name="taken"/>; returns true when the slot must go back in the ready queue.</summary>
    /// <param name="taken">The quote <see cref="Take"/> returned.</param>
    /// <param name="accepted">True when the consumer took it in; false when it refused it as not newer than what it holds.</param>
    /// <param name="knownVersion">For a refusal, the newer version the consumer holds, when it said.</param>
    /// <param name="dropped">True when the pending quote turned out not to be newer than that, and was dropped (a conflation).</param>
    public bool Complete(Quote taken, bool accepted, PriceVersion? knownVersion, out bool dropped)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var version = taken.Version;
        lock (_lock)
        {
            _taken = null;
            var known = knownVersion is { } held ? PriceVersion.Max(held, version) : version;
            _floor = _floor is { } floor ? PriceVersion.Max(floor, known) : known;
            if (accepted)
            {
                _lastAccepted = version;
            }

            dropped = false;
            if (_pending is { } pending && pending.Version <= _floor.Value)
            {
                _pending = null;
                _conflations++;
                dropped = true;
            }

            return Requeue();
        }
    }

    /// <summary>The consumer failed with <paramref name="taken"/>: it becomes pending again unless a newer quote is; returns true when the slot must go back in the ready queue.</summary>
    public bool Release(Quote taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        lock (_lock)
        {
            _taken = null;

            // A pending quote is always newer than the one that was taken: the failed one is never resurrected over it.
            _pending ??= taken;
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
