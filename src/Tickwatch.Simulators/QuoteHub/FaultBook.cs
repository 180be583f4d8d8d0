using Microsoft.Extensions.Logging;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// The faults in force and their effect on each frame. Thread-safe: the control API adds and
/// removes faults while the publisher asks what to do with a frame. Durations run on the
/// injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class FaultBook
{
    private readonly Lock _gate = new();
    private readonly List<ActiveFault> _faults = [];
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<string> _feeds;
    private readonly IReadOnlyDictionary<string, int> _digits;
    private long _lastId;
    private volatile int _count;

    /// <param name="timeProvider">Clock of the fault durations.</param>
    /// <param name="logger">Where injected and ended faults are logged.</param>
    /// <param name="feeds">Names of the feeds, by index.</param>
    /// <param name="digits">Decimal places per symbol, to round prices a fault has changed.</param>
    public FaultBook(TimeProvider timeProvider, ILogger logger, IReadOnlyList<string> feeds, IReadOnlyDictionary<string, int> digits)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        _feeds = feeds;
        _digits = digits;
    }

    /// <summary>
    /// Starts a fault. A drop without a duration does its work at once and is not kept; any other is refused (null)
    /// when <paramref name="maxActive"/> faults are active already.
    /// </summary>
    public ActiveFault? TryAdd(FaultSpec spec, int maxActive, out bool kept)
    {
        var now = _timeProvider.GetUtcNow();
        kept = !(spec.Kind == FaultKind.Drop && spec.Duration is null);
        ActiveFault fault;
        if (kept)
        {
            lock (_gate)
            {
                // Expired faults make room first: only the ones still acting count.
                ExpireLocked(now);
                if (_faults.Count >= maxActive)
                {
                    return null;
                }

                fault = new ActiveFault(Interlocked.Increment(ref _lastId), spec, _feeds.Count, now);
                _faults.Add(fault);
                _count = _faults.Count;
            }
        }
        else
        {
            fault = new ActiveFault(Interlocked.Increment(ref _lastId), spec, _feeds.Count, now);
        }

        _logger.FaultInjected(fault.Id, spec.Kind.ToWireName(), spec.Feed ?? "(all)", spec.Symbol ?? "(all)", (long?)spec.Duration?.TotalMilliseconds, spec.Count);
        return fault;
    }

    public bool Remove(long id)
    {
        ActiveFault? removed = null;
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Id == id);
            if (index >= 0)
            {
                removed = _faults[index];
                _faults.RemoveAt(index);
                _count = _faults.Count;
            }
        }

        if (removed is not null)
        {
            LogEnded(removed, "cleared");
        }

        return removed is not null;
    }

    public int Clear()
    {
        ActiveFault[] removed;
        lock (_gate)
        {
            removed = [.. _faults];
            _faults.Clear();
            _count = 0;
        }

        foreach (var fault in removed)
        {
            LogEnded(fault, "cleared");
        }

        return removed.Length;
    }

    public IReadOnlyList<FaultView> List()
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            ExpireLocked(now);
            return [.. _faults.Select(f => f.ToView(now, active: true))];
        }
    }

    public FaultView? Find(long id)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            ExpireLocked(now);
            return _faults.Find(f => f.Id == id)?.ToView(now, active: true);
        }
    }

    /// <summary>Drops past their time or count; called by the generator every round so that expiry does not wait for a reader.</summary>
    public void Expire()
    {
        if (_count == 0)
        {
            return;
        }

        lock (_gate)
        {
            ExpireLocked(_timeProvider.GetUtcNow());
        }
    }

    /// <summary>Whether a drop fault with a duration is refusing new connections to <paramref name="feed"/>.</summary>
    public bool IsRefusingConnections(int feed) => Any(feed, FaultKind.Drop);

    public bool IsStalled(int feed) => Any(feed, FaultKind.Stall);

    /// <summary>
    /// Decides what happens to the next frame of <paramref name="feed"/>: copies the prices that
    /// survive freezes, spikes and divergence into <paramref name="output"/> when any of those apply,
    /// and uses up one frame of each counted fault that acts on it.
    /// </summary>
    /// <param name="feed">Index of the feed.</param>
    /// <param name="prices">The shared prices of the frame.</param>
    /// <param name="output">Receives the feed's own prices when a price fault applies; at least as long as <paramref name="prices"/>.</param>
    /// <param name="canHoldBack">False while the feed already holds a frame back; out_of_order waits.</param>
    /// <param name="outputCount">Number of prices written to <paramref name="output"/>.</param>
    public FrameActions Apply(int feed, ReadOnlySpan<WirePrice> prices, Span<WirePrice> output, bool canHoldBack, out int outputCount)
    {
        outputCount = prices.Length;
        if (_count == 0)
        {
            return FrameActions.None;
        }

        lock (_gate)
        {
            ExpireLocked(_timeProvider.GetUtcNow());
            var actions = FrameActions.None;
            var hasPriceFaults = false;
            foreach (var fault in _faults)
            {
                if (!fault.AppliesTo(feed))
                {
                    continue;
                }

                if (fault.Kind == FaultKind.Stall)
                {
                    return FrameActions.Stall;
                }

                hasPriceFaults |= fault.Kind is FaultKind.Freeze or FaultKind.Diverge
                    || (fault.Kind == FaultKind.Spike && fault.HasRemaining(feed));
            }

            if (hasPriceFaults)
            {
                actions |= FrameActions.PricesChanged;
                outputCount = TransformPrices(feed, prices, output);
            }

            if (TryConsume(feed, FaultKind.Garbage))
            {
                actions |= FrameActions.Garbage;
            }
            else if (TryConsume(feed, FaultKind.Truncate))
            {
                actions |= FrameActions.Truncate;
            }

            if (TryConsume(feed, FaultKind.Duplicate))
            {
                actions |= FrameActions.Duplicate;
            }

            if (canHoldBack && TryConsume(feed, FaultKind.OutOfOrder))
            {
                actions |= FrameActions.HoldBack;
            }

            ExpireLocked(_timeProvider.GetUtcNow());
            return actions;
        }
    }

    private int TransformPrices(int feed, ReadOnlySpan<WirePrice> prices, Span<WirePrice> output)
    {
        var count = 0;
        foreach (var price in prices)
        {
            var factor = 1m;
            var frozen = false;
            foreach (var fault in _faults)
            {
                if (!fault.AppliesTo(feed) || !fault.AppliesTo(price.Symbol))
                {
                    continue;
                }

                switch (fault.Kind)
                {
                    case FaultKind.Freeze:
                        frozen = true;
                        break;
                    case FaultKind.Diverge:
                        factor *= 1 + fault.Spec.Offset!.Value;
                        break;
                    case FaultKind.Spike when fault.TryConsume(feed):
                        factor *= fault.Spec.Factor!.Value;
                        break;
                }
            }

            if (frozen)
            {
                continue;
            }

            output[count++] = factor == 1m ? price : Scale(price, factor);
        }

        return count;
    }

    private WirePrice Scale(WirePrice price, decimal factor)
    {
        var digits = _digits.TryGetValue(price.Symbol, out var d) ? d : 8;
        return price with
        {
            Bid = price.Bid is { } bid ? decimal.Round(bid * factor, digits) : null,
            Ask = price.Ask is { } ask ? decimal.Round(ask * factor, digits) : null,
        };
    }

    private bool TryConsume(int feed, FaultKind kind)
    {
        foreach (var fault in _faults)
        {
            if (fault.Kind == kind && fault.AppliesTo(feed) && fault.TryConsume(feed))
            {
                return true;
            }
        }

        return false;
    }

    private bool Any(int feed, FaultKind kind)
    {
        if (_count == 0)
        {
            return false;
        }

        lock (_gate)
        {
            ExpireLocked(_timeProvider.GetUtcNow());
            return _faults.Exists(f => f.Kind == kind && f.AppliesTo(feed));
        }
    }

    private void ExpireLocked(DateTimeOffset now)
    {
        for (var i = _faults.Count - 1; i >= 0; i--)
        {
            var fault = _faults[i];
            var expired = fault.IsExpired(now);
            if (expired || fault.Exhausted)
            {
                _faults.RemoveAt(i);
                LogEnded(fault, expired ? "duration elapsed" : "count used up");
            }
        }

        _count = _faults.Count;
    }

    private void LogEnded(ActiveFault fault, string reason)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.FaultEnded(fault.Id, fault.Kind.ToWireName(), reason);
        }
    }
}
