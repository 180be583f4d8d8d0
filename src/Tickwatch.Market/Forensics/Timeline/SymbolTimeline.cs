using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Storage.Prices;
using Tickwatch.Storage.Writing;
using Tickwatch.Trading.Forensics;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>
/// What happened to each symbol's prices over the last <see cref="SymbolTimelineOptions.TimelineWindow"/>, in memory: every
/// update a feed offered to the book with the book's verdict, every store write's outcome and every announcement.
/// </summary>
/// <remarks>
/// <para>
/// Told by the <c>PriceBookSink</c> of each update with the result <see cref="PriceBook.Apply"/> returned, and by the
/// store writer (as its <see cref="IPriceWriteObserver"/>) of each write and announcement: it keeps what they decided,
/// and decides nothing itself. Recording holds one symbol's lock for the copy of one 72-byte entry, allocates only
/// when a symbol or a feed is first seen or a ring grows (by doubling, up to its cap), and never throws.
/// </para>
/// <para>
/// Each symbol has a ring of at most <see cref="SymbolTimelineOptions.TimelinePerSymbol"/> entries; at most
/// <see cref="SymbolTimelineOptions.TimelineSymbols"/> symbols have one, so memory stays within
/// <see cref="SymbolTimelineOptions.BudgetBytes"/> however many symbols a feed names.
/// </para>
/// </remarks>
public sealed class SymbolTimeline : IPriceWriteObserver, IFeedPriceHistory
{
    /// <summary>Bytes one entry takes in its ring (a test holds the struct to it).</summary>
    public const int BytesPerEntry = 72;

    private const int MaxFeeds = short.MaxValue;

    private readonly ConcurrentDictionary<string, TimelineRing> _rings = new(StringComparer.Ordinal);
    private readonly Lock _growing = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SymbolTimelineOptions _options;
    private readonly long _windowTicks;
    private readonly DateTimeOffset _startedAt;
    private string[] _feeds = [];
    private int _symbols;
    private int _symbolCapReached;
    private long _notRecorded;
    private long _badQueries;

    public SymbolTimeline(IOptions<SymbolTimelineOptions> options, TimeProvider time, ILogger<SymbolTimeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<SymbolTimeline>.Instance;
        _windowTicks = _options.TimelineWindow.Ticks;
        _startedAt = time.GetUtcNow();
    }

    public TimeSpan Window => _options.TimelineWindow;

    /// <summary>Records an update a feed offered to the book with what the book did with it; an update of a symbol the book does not know is not a symbol's history.</summary>
    public void RecordFeedUpdate(in PriceUpdate update, in PriceApplyResult result)
    {
        if (result.Rejection == QuoteRejection.UnknownSymbol || RingOf(update.Symbol) is not { } ring)
        {
            return;
        }

        ring.Add(TimelineRecord.FeedUpdate(update, result, FeedIndex(update.Feed)));
    }

    /// <inheritdoc />
    public void OnWriteAnswered(in PriceWriteResult result, DateTimeOffset at) =>
        RingOf(result.Price.Symbol)?.Add(TimelineRecord.StoreWrite(result, at, FeedIndex(result.Price.Feed)));

    /// <inheritdoc />
    public void OnAnnounced(StoredPrice price, AnnouncementOutcome outcome, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(price);
        RingOf(price.Symbol)?.Add(TimelineRecord.Announced(price, outcome, at, FeedIndex(price.Feed)));
    }

    /// <summary>
    /// Each feed's last price of <paramref name="symbol"/> at or before <paramref name="at"/>, by feed name: the last update the
    /// book took as that feed's price (accepted, superseded, or a side of an incomplete one; a one-sided update is completed
    /// with the feed's previous other side, as the book does). Refused, duplicate and out-of-order updates never count.
    /// </summary>
    public IReadOnlyList<FeedPrice> FeedPricesAt(string symbol, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (!_rings.TryGetValue(symbol, out var ring))
        {
            return [];
        }

        var sides = new Dictionary<short, FeedSides>();
        var complete = 0;
        var feeds = Volatile.Read(ref _feeds);
        ring.VisitBackwards(at.UtcTicks, Cutoff(), record =>
        {
            if (!record.IsFeedPrice)
            {
                return true;
            }

            if (!sides.TryGetValue(record.Feed, out var feed))
            {
                feed = new FeedSides(record.AtTicks);
                sides[record.Feed] = feed;
            }

            if (feed.IsComplete)
            {
                return true;
            }

            feed.Bid ??= record.Has(TimelineFields.Bid) ? record.Bid : null;
            feed.Ask ??= record.Has(TimelineFields.Ask) ? record.Ask : null;
            complete += feed.IsComplete ? 1 : 0;

            // Every feed known to the timeline has its price: nothing older can change the answer.
            return complete < feeds.Length;
        });

        return [.. sides
            .Where(s => s.Value.IsComplete)
            .Select(s => new FeedPrice(FeedName(s.Key) ?? "", s.Value.Bid!.Value, s.Value.Ask!.Value, new DateTimeOffset(s.Value.ReceivedAtTicks, TimeSpan.Zero)))
            .OrderBy(p => p.Feed, StringComparer.Ordinal)];
    }

    /// <summary>The entries of <paramref name="symbol"/> from <paramref name="from"/> to <paramref name="to"/> (both included), oldest first.</summary>
    public IReadOnlyList<TimelineEntry> Entries(string symbol, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (!_rings.TryGetValue(symbol, out var ring))
        {
            return [];
        }

        var records = ring.Range(from.UtcTicks, to.UtcTicks, Cutoff());
        var entries = new TimelineEntry[records.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = records[i].ToEntry(FeedName(records[i].Feed));
        }

        return entries;
    }

    /// <summary>
    /// From when the history of <paramref name="symbol"/> is complete: the latest of the timeline's start, the window's
    /// start and just after the last entry dropped for the cap. A query from earlier gets a shorter history than it asked for.
    /// </summary>
    public DateTimeOffset HistoryStartsAt(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var cutoff = Cutoff();
        var start = Math.Max(_startedAt.UtcTicks, cutoff);
        if (_rings.TryGetValue(symbol, out var ring))
        {
            var lost = ring.CompleteAfterTicks(cutoff);
            start = lost == long.MinValue ? start : Math.Max(start, lost + 1);
        }
        else if (Volatile.Read(ref _symbolCapReached) != 0)
        {
            // A symbol beyond the cap may have had updates that were not kept: nothing of it is known until now.
            start = _time.GetUtcNow().UtcTicks;
        }

        return new DateTimeOffset(start, TimeSpan.Zero);
    }

    /// <summary>Whether the history of <paramref name="symbol"/> is complete from <paramref name="from"/> on.</summary>
    public bool Covers(string symbol, DateTimeOffset from) => from >= HistoryStartsAt(symbol);

    public SymbolTimelineStatistics Statistics()
    {
        long entries = 0, slots = 0, recorded = 0, byWindow = 0, byCap = 0;
        foreach (var ring in _rings.Values)
        {
            entries += ring.Count;
            slots += ring.Slots;
            recorded += ring.Recorded;
            byWindow += ring.EvictedByWindow;
            byCap += ring.EvictedByCap;
        }

        return new SymbolTimelineStatistics(
            _options.TimelineWindow.TotalSeconds,
            _options.TimelinePerSymbol,
            _options.TimelineSymbols,
            BytesPerEntry,
            _options.BudgetBytes,
            Volatile.Read(ref _symbols),
            entries,
            slots * BytesPerEntry,
            recorded,
            byWindow,
            byCap,
            Interlocked.Read(ref _notRecorded),
            Interlocked.Read(ref _badQueries));
    }

    /// <summary>Counts a timeline query refused as a bad request.</summary>
    public void CountBadQuery() => Interlocked.Increment(ref _badQueries);

    private long Cutoff() => _time.GetUtcNow().UtcTicks - _windowTicks;

    private TimelineRing? RingOf(string symbol)
    {
        if (_rings.TryGetValue(symbol, out var ring))
        {
            return ring;
        }

        // Past the cap, a symbol without a ring stays without one: counted without taking the lock.
        if (Volatile.Read(ref _symbolCapReached) != 0)
        {
            Interlocked.Increment(ref _notRecorded);
            return null;
        }

        lock (_growing)
        {
            if (_rings.TryGetValue(symbol, out ring))
            {
                return ring;
            }

            if (_symbols >= _options.TimelineSymbols)
            {
                Interlocked.Increment(ref _notRecorded);
                if (Interlocked.Exchange(ref _symbolCapReached, 1) == 0)
                {
                    SymbolTimelineLog.SymbolCapReached(_logger, _options.TimelineSymbols, symbol);
                }

                return null;
            }

            ring = new TimelineRing(_options.TimelinePerSymbol, _windowTicks);
            _rings[symbol] = ring;
            Volatile.Write(ref _symbols, _symbols + 1);
            return ring;
        }
    }

    // Feeds are few and their names the same string instances every time: a reference match is the usual hit.
    private short FeedIndex(string feed)
    {
        var feeds = Volatile.Read(ref _feeds);
        for (var i = 0; i < feeds.Length; i++)
        {
            if (ReferenceEquals(feeds[i], feed) || string.Equals(feeds[i], feed, StringComparison.Ordinal))
            {
                return (short)i;
            }
        }

        lock (_growing)
        {
            feeds = _feeds;
            var known = Array.IndexOf(feeds, feed);
            if (known >= 0)
            {
                return (short)known;
            }

            if (feeds.Length >= MaxFeeds)
            {
                return -1;
            }

            Volatile.Write(ref _feeds, [.. feeds, feed]);
            return (short)feeds.Length;
        }
    }

    private string? FeedName(short index)
    {
        var feeds = Volatile.Read(ref _feeds);
        return index >= 0 && index < feeds.Length ? feeds[index] : null;
    }

    private sealed class FeedSides(long receivedAtTicks)
    {
        public long ReceivedAtTicks { get; } = receivedAtTicks;

        public decimal? Bid { get; set; }

        public decimal? Ask { get; set; }

        public bool IsComplete => Bid.HasValue && Ask.HasValue;
    }
}
