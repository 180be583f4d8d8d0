using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Prices;

/// <summary>The book's state for one symbol; every member runs under the instance lock.</summary>
internal sealed class SymbolPriceState(SymbolSettings settings)
{
    // Far above any price, and low enough that bid + ask and the jump guard's products never overflow a decimal.
    private static readonly decimal MaxPrice = decimal.MaxValue / 4;

    private readonly Lock _lock = new();
    private readonly List<FeedSides> _feeds = new(2);
    private readonly long[] _rejected = new long[Enum.GetValues<QuoteRejection>().Length];
    private Quote? _quote;
    private PriceVersion _version;

    // The last live quote's bid + ask and arrival, kept here so the hot path never reads the previous Quote object.
    private bool _hasLive;
    private decimal _liveSum;
    private DateTimeOffset _liveReceivedAt;

    /// <summary>How far a feed's sequence may go back within one session and still be a late frame rather than the source counting again.</summary>
    public const long MaxSequenceRewind = 1_000;

    private long _bookSequence;
    private long _accepted;
    private long _duplicates;
    private long _outOfOrder;
    private long _sequenceRestarts;
    private long _superseded;
    private long _incompleteStaleSide;
    private decimal? _jumpCandidateMid;
    private int _jumpConfirmations;
    private QuoteRejectionRecord? _lastRejection;
    private TradePrint? _lastTrade;
    private Dictionary<string, long>? _tradesOutsideQuote;

    public SymbolSettings Settings { get; } = settings;

    public Quote? Current => Volatile.Read(ref _quote);

    public PriceApplyResult Apply(in PriceUpdate update)
    {
        lock (_lock)
        {
            var feed = FindFeed(update.Feed);
            if (feed is not null && IsOlderThanLast(feed, update, out var outcome))
            {
                if (outcome == PriceApplyOutcome.Duplicate)
                {
                    _duplicates++;
                }
                else
                {
                    _outOfOrder++;
                }

                return PriceApplyResult.Of(outcome);
            }

            if (update.Bid <= 0m || update.Ask <= 0m)
            {
                return Refuse(QuoteRejection.NonPositive, update);
            }

            if (update.Bid > MaxPrice || update.Ask > MaxPrice)
            {
                return Refuse(QuoteRejection.OutOfRange, update);
            }

            // A missing side is this feed's own, from this session and younger than MaxQuoteAge; else the update waits for a full quote, never 0.
            var sequenceBase = SequenceBaseFor(feed, update);
            if (feed is not null && IsRestart(feed, update))
            {
                _sequenceRestarts++;
            }

            var staleOtherSide = false;
            var bidAt = update.ReceivedAt;
            var askAt = update.ReceivedAt;
            var bid = update.Bid ?? OtherSide(feed, update, feed?.Bid, feed?.BidReceivedAt, ref bidAt, ref staleOtherSide);
            var ask = update.Ask ?? OtherSide(feed, update, feed?.Ask, feed?.AskReceivedAt, ref askAt, ref staleOtherSide);
            if (bid is not { } b || ask is not { } a)
            {
                Remember(feed, update, sequenceBase, bid, bidAt, ask, askAt);
                if (staleOtherSide)
                {
                    _incompleteStaleSide++;
                }

                return PriceApplyResult.Incomplete(staleOtherSide ? IncompleteReason.StaleOtherSide : IncompleteReason.NoOtherSide);
            }

            if (b > a)
            {
                return Refuse(QuoteRejection.Crossed, update);
            }

            // The book and the store order prices the same way, so what the book shows is what the store keeps: an update
            // that is not newer than the current quote (e.g. a lagging feed's) updates its feed's view and nothing else.
            var version = PriceVersion.Of(update.SourceTime, update.ReceivedAt, VersionSequence(update, sequenceBase), _bookSequence + 1);
            if (_quote is not null && !version.Supersedes(_version))
            {
                Remember(feed, update, sequenceBase, b, bidAt, a, askAt);
                _superseded++;
                return PriceApplyResult.Of(PriceApplyOutcome.Superseded);
            }

            var sum = b + a;
            if (IsUnconfirmedJump(sum, update.ReceivedAt))
            {
                return Refuse(QuoteRejection.Jump, update);
            }

            Remember(feed, update, sequenceBase, b, bidAt, a, askAt);
            var quote = new Quote
            {
                Symbol = Settings.Symbol,
                Bid = b,
                Ask = a,
                Feed = update.Feed,
                ReceivedAt = update.ReceivedAt,
                SourceTime = update.SourceTime,
                SourceSequence = update.SourceSequence,
                BookSequence = ++_bookSequence,
                Version = version,
            };
            Volatile.Write(ref _quote, quote);
            _version = version;
            _hasLive = true;
            _liveSum = sum;
            _liveReceivedAt = update.ReceivedAt;
            _accepted++;
            return PriceApplyResult.Accept(quote);
        }
    }

    /// <summary>
    /// Keeps <paramref name="trade"/> as the symbol's last trade unless a trade with a higher id is there already, and
    /// checks it against the fresh quote. The quote itself is never touched: a print is where the market dealt, not a price.
    /// </summary>
    public TradeApplyResult ApplyTrade(in TradePrint trade)
    {
        lock (_lock)
        {
            if (trade.Price <= 0m || trade.Price > MaxPrice)
            {
                return new TradeApplyResult(TradeApplyOutcome.InvalidPrice);
            }

            if (_lastTrade is { } last && trade.TradeId <= last.TradeId)
            {
                return new TradeApplyResult(TradeApplyOutcome.Older);
            }

            _lastTrade = trade;
            var outside = IsOutsideFreshQuote(trade.Price, trade.ReceivedAt);
            if (outside)
            {
                _tradesOutsideQuote ??= new Dictionary<string, long>(StringComparer.Ordinal);
                _tradesOutsideQuote[trade.Feed] = _tradesOutsideQuote.GetValueOrDefault(trade.Feed) + 1;
            }

            return new TradeApplyResult(TradeApplyOutcome.Accepted, outside);
        }
    }

    /// <summary>
    /// Shows a stored price until a live one arrives; it never counts as fresh, and only a newer live price replaces it.
    /// It takes the place of nothing, or of a stale or warmed-up quote older than it (another writer kept the store
    /// current while this book's feeds were down); a fresh live quote always stays.
    /// </summary>
    public bool Warm(decimal bid, decimal ask, DateTimeOffset storedAt, long storedSequence, PriceVersion? storedVersion, DateTimeOffset now)
    {
        lock (_lock)
        {
            // A version from the future would outrank every live price after it.
            if (bid <= 0m || ask <= 0m || bid > ask || (storedVersion is { } stored && SourceClock.IsFuture(stored, now)))
            {
                return false;
            }

            var bookSequence = Math.Max(_bookSequence, storedSequence);
            var version = storedVersion ?? PriceVersion.Of(null, storedAt, null, bookSequence);
            if (_quote is not null && (!version.Supersedes(_version) || PriceFreshness.Of(_quote, Settings, now) == Freshness.Fresh))
            {
                return false;
            }

            var quote = new Quote
            {
                Symbol = Settings.Symbol,
                Bid = bid,
                Ask = ask,
                Feed = "warmup",
                ReceivedAt = storedAt,
                BookSequence = bookSequence,
                Version = version,
                IsWarmup = true,
            };

            _bookSequence = quote.BookSequence;
            Volatile.Write(ref _quote, quote);
            _version = version;

            // What a partial update is completed with, and what a jump is measured from, is live data only.
            _hasLive = false;
            _jumpCandidateMid = null;
            return true;
        }
    }

    /// <summary>
    /// Takes another instance's stored price, as written and announced by it, when its version is newer than this book's:
    /// it keeps the writer's receipt time (its true age) and feed, and the book sequence continues from the larger of the
    /// two, so an instance that takes the feed over carries the sequence on. Live feed state is not touched.
    /// </summary>
    public Quote? ApplyReplicated(Quote replicated, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (replicated.Bid <= 0m || replicated.Ask <= 0m || replicated.Bid > replicated.Ask || SourceClock.IsFuture(replicated.Version, now))
            {
                return null;
            }

            if (_quote is not null && !replicated.Version.Supersedes(_version))
            {
                return null;
            }

            var quote = replicated with
            {
                Symbol = Settings.Symbol,
                BookSequence = Math.Max(_bookSequence, replicated.BookSequence),
                IsWarmup = false,
                IsReplicated = true,
            };

            _bookSequence = quote.BookSequence;
            Volatile.Write(ref _quote, quote);
            _version = quote.Version;

            // As after a warm-up: partial updates are completed, and jumps measured, from this instance's own live data only.
            _hasLive = false;
            _jumpCandidateMid = null;
            return quote;
        }
    }

    public SymbolPriceSnapshot Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            var feeds = _feeds.ConvertAll(f => f.ToState());
            var divergence = Divergence(feeds, now);
            return new SymbolPriceSnapshot
            {
                Settings = Settings,
                Quote = _quote,
                Freshness = PriceFreshness.Of(_quote, Settings, now),
                Age = _quote?.AgeAt(now),
                Feeds = feeds,
                FeedDivergence = divergence,
                IsDivergent = divergence > Settings.MaxFeedDivergence,
                Accepted = _accepted,
                Duplicates = _duplicates,
                OutOfOrder = _outOfOrder,
                SequenceRestarts = _sequenceRestarts,
                Superseded = _superseded,
                IncompleteStaleSide = _incompleteStaleSide,
                Rejected = (long[])_rejected.Clone(),
                LastRejection = _lastRejection,
                LastTrade = _lastTrade,
                LastTradeOutsideQuote = _lastTrade is { } trade && IsOutsideFreshQuote(trade.Price, now),
                TradesOutsideQuote = _tradesOutsideQuote is null
                    ? new Dictionary<string, long>(StringComparer.Ordinal)
                    : new Dictionary<string, long>(_tradesOutsideQuote, StringComparer.Ordinal),
            };
        }
    }

    // Only a live quote young enough to act on is a fair yardstick: a stale or warmed-up one says nothing of the market now.
    private bool IsOutsideFreshQuote(decimal price, DateTimeOffset at)
    {
        if (_quote is not { } quote || PriceFreshness.Of(quote, Settings, at) != Freshness.Fresh)
        {
            return false;
        }

        var tolerance = Settings.TradeTolerance;
        return price < quote.Bid - (quote.Bid * tolerance) || price > quote.Ask + (quote.Ask * tolerance);
    }

    private decimal? Divergence(List<FeedQuoteState> feeds, DateTimeOffset now)
    {
        var compared = 0;
        decimal low = decimal.MaxValue, high = decimal.MinValue;
        foreach (var feed in feeds)
        {
            if (feed.Mid is { } mid && PriceFreshness.IsWithinMaxAge(feed.ReceivedAt, Settings, now))
            {
                compared++;
                low = Math.Min(low, mid);
                high = Math.Max(high, mid);
            }
        }

        return compared < 2 ? null : (high - low) / low;
    }

    // sum is the new quote's bid plus ask: twice its mid.
    private bool IsUnconfirmedJump(decimal sum, DateTimeOffset at)
    {
        // A move from a stale or warm-up price is a fresh start, not a jump.
        if (!_hasLive || !PriceFreshness.IsWithinMaxAge(_liveReceivedAt, Settings, at))
        {
            _jumpCandidateMid = null;
            return false;
        }

        // |mid - liveMid| / liveMid <= MaxJump, on the sums and multiplied out: exact, and no decimal division per update.
        if (Math.Abs(sum - _liveSum) <= Settings.MaxJump * _liveSum)
        {
            _jumpCandidateMid = null;
            return false;
        }

        // A real gap repeats at the new level; a spike does not.
        var mid = sum / 2m;
        if (_jumpCandidateMid is { } candidate && Math.Abs(mid - candidate) / candidate <= Settings.MaxJump)
        {
            _jumpConfirmations++;
        }
        else
        {
            _jumpCandidateMid = mid;
            _jumpConfirmations = 1;
        }

        if (_jumpConfirmations >= Settings.JumpConfirmations)
        {
            _jumpCandidateMid = null;
            return false;
        }

        return true;
    }

    private static bool IsOlderThanLast(FeedSides feed, in PriceUpdate update, out PriceApplyOutcome outcome)
    {
        outcome = PriceApplyOutcome.OutOfOrder;
        if (update.FeedSession != feed.FeedSession)
        {
            // A new connection restarts the source's sequence; an update of an earlier session is late.
            return update.FeedSession < feed.FeedSession;
        }

        if (update.SourceSequence is { } sequence && feed.SourceSequence is { } last)
        {
            if (sequence == last)
            {
                outcome = PriceApplyOutcome.Duplicate;
            }

            // Far behind the last is not a late frame (one connection keeps order) but a source counting again, or a
            // poisoned number before it: refusing would freeze the symbol for the rest of the session.
            return sequence <= last && !IsFarBehind(sequence, last);
        }

        return update.SourceTime is { } time && feed.SourceTime is { } lastTime && time < lastTime;
    }

    private PriceApplyResult Refuse(QuoteRejection reason, in PriceUpdate update)
    {
        _rejected[(int)reason]++;
        _lastRejection = new QuoteRejectionRecord(reason, update.Feed, update.Bid, update.Ask, update.ReceivedAt);
        return PriceApplyResult.Refused(reason);
    }

    // A new session of a feed numbers from 1 again: its sequences are counted on from the last one of the session before,
    // so that its prices outrank the earlier session's at an equal source time, in the book and in the store alike.
    // A source that counts again within a session is numbered on the same way.
    private static long SequenceBaseFor(FeedSides? feed, in PriceUpdate update) =>
        feed is null ? 0
        : update.FeedSession > feed.FeedSession || IsRestart(feed, update) ? Add(feed.SequenceBase, feed.SourceSequence ?? 0)
        : feed.SequenceBase;

    private static bool IsRestart(FeedSides feed, in PriceUpdate update) =>
        update.FeedSession == feed.FeedSession && update.SourceSequence is { } sequence && feed.SourceSequence is { } last && IsFarBehind(sequence, last);

    // Written so that no pair of longs overflows (the build checks arithmetic).
    private static bool IsFarBehind(long sequence, long last) =>
        sequence < last && (sequence < 0 ? last > sequence + MaxSequenceRewind : last - sequence > MaxSequenceRewind);

    private static long? VersionSequence(in PriceUpdate update, long sequenceBase) =>
        update.SourceSequence is { } sequence ? Add(sequenceBase, sequence) : null;

    private static long Add(long a, long b) => b > 0 && a > long.MaxValue - b ? long.MaxValue : a + b;

    private decimal? OtherSide(FeedSides? feed, in PriceUpdate update, decimal? side, DateTimeOffset? sideAt, ref DateTimeOffset at, ref bool stale)
    {
        if (feed is null || side is null || sideAt is not { } time)
        {
            return null;
        }

        if (feed.FeedSession != update.FeedSession || !PriceFreshness.IsWithinMaxAge(time, Settings, update.ReceivedAt))
        {
            stale = true;
            return null;
        }

        at = time;
        return side;
    }

    private FeedSides Remember(FeedSides? feed, in PriceUpdate update, long sequenceBase, decimal? bid, DateTimeOffset bidAt, decimal? ask, DateTimeOffset askAt)
    {
        if (feed is null)
        {
            feed = new FeedSides(update.Feed);
            _feeds.Add(feed);
        }

        feed.Bid = bid;
        feed.BidReceivedAt = bid is null ? null : bidAt;
        feed.Ask = ask;
        feed.AskReceivedAt = ask is null ? null : askAt;
        feed.SequenceBase = sequenceBase;
        feed.FeedSession = update.FeedSession;
        feed.SourceSequence = update.SourceSequence;
        feed.SourceTime = update.SourceTime;
        feed.ReceivedAt = update.ReceivedAt;
        return feed;
    }

    private FeedSides? FindFeed(string name)
    {
        foreach (var feed in _feeds)
        {
            if (string.Equals(feed.Feed, name, StringComparison.Ordinal))
            {
                return feed;
            }
        }

        return null;
    }

    /// <summary>Mutable per-feed sides, changed only under the symbol's lock.</summary>
    private sealed class FeedSides(string feed)
    {
        public string Feed { get; } = feed;

        public decimal? Bid { get; set; }

        public decimal? Ask { get; set; }

        /// <summary>When each side arrived: a completed quote's other side keeps its own time, so its age is never reset.</summary>
        public DateTimeOffset? BidReceivedAt { get; set; }

        public DateTimeOffset? AskReceivedAt { get; set; }

        public long FeedSession { get; set; }

        /// <summary>Added to this session's source sequences in the version; the earlier sessions' count.</summary>
        public long SequenceBase { get; set; }

        public long? SourceSequence { get; set; }

        public DateTimeOffset? SourceTime { get; set; }

        public DateTimeOffset ReceivedAt { get; set; }

        public FeedQuoteState ToState() => new()
        {
            Feed = Feed,
            Bid = Bid,
            Ask = Ask,
            FeedSession = FeedSession,
            SourceSequence = SourceSequence,
            SourceTime = SourceTime,
            ReceivedAt = ReceivedAt,
        };
    }
}
