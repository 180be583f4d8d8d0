using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Storage.Prices;
using Tickwatch.Trading.Forensics;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// What the gateway showed each user (the token's account, over all its connections) of each symbol: every price
/// element its stream wrote to the user's socket and every price <c>/api/quotes</c> served it, kept per user and symbol
/// in a ring of compact entries for <see cref="ShownPriceOptions.ShownWindow"/>, at most
/// <see cref="ShownPriceOptions.ShownPerSymbol"/> each, for at most <see cref="ShownPriceOptions.MaxUsers"/> users and
/// <see cref="ShownPriceOptions.MaxBytes"/> by its own accounting (the least recently active users forgotten first).
/// </summary>
/// <remarks>
/// Recording a price costs a 24-byte entry written into its ring under the user's recording lock (a stream connection takes it
/// once per message): no allocation (but a ring's growth, once), no lock shared between users, no global counter; the
/// totals are summed when asked for. It is bound by memory rather than by work, see <see cref="ShownPriceRecorder"/>.
/// </remarks>
public sealed class ShownPriceLog
{
    /// <summary><c>channel</c> of a price element written on the live stream.</summary>
    public const string StreamChannel = "stream";

    /// <summary><c>channel</c> of a price served by <c>/api/quotes</c>.</summary>
    public const string QuotesChannel = "quotes";

    /// <summary>Bytes of one entry (<see cref="ShownEntry"/>).</summary>
    public const int BytesPerEntry = 24;

    /// <summary>Bytes of a slot of a ring's side array, made at its first price that does not fit an entry (<see cref="ShownRecord"/>).</summary>
    public const int BytesPerWideEntry = 64;

    /// <summary>Bytes of a ring besides its entries: the ring itself and its place in its user's map (measured: see README.md).</summary>
    public const int RingOverheadBytes = 168;

    /// <summary>Bytes of a user besides its rings: the user, its lock, its map of rings, its account and its place in the log.</summary>
    public const int UserOverheadBytes = 448;

    /// <summary>Header of an array on a 64-bit runtime.</summary>
    internal const int ArrayOverheadBytes = 24;

    private readonly ConcurrentDictionary<string, ShownUser> _users = new(StringComparer.Ordinal);
    private readonly ShownFeedNames _feeds = new();
    private readonly Lock _evictionGate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _windowTicks;
    private int _userCount;
    private long _bytes;

    // What forgotten rings had counted, so the totals never go backwards.
    private long _forgottenRecorded;
    private long _forgottenEvictedCap;
    private long _evictedWindow;
    private long _evictedUserCap;
    private long _evictedByteCap;
    private RecentReport? _recent;

    public ShownPriceLog(IOptions<ShownPriceOptions> options, TimeProvider time, ILogger<ShownPriceLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<ShownPriceLog>.Instance;
        _windowTicks = Options.ShownWindow.Ticks;
    }

    public ShownPriceOptions Options { get; }

    public bool Enabled => Options.Enabled;

    /// <summary>The clock the window is kept by.</summary>
    public TimeProvider Time => _time;

    /// <summary>A recorder for one stream connection of <paramref name="user"/> (the token's <c>type:id</c>); null when the log is off or the user is no account.</summary>
    public ShownPriceRecorder? ForStream(string? user) =>
        Enabled && AccountId.TryParse(user, out var account) ? new ShownPriceRecorder(this, account.ToString()) : null;

    /// <summary>
    /// Records what <c>/api/quotes</c> served <paramref name="user"/> at <paramref name="sentAt"/>: each price of
    /// <paramref name="prices"/> under its symbol in <paramref name="symbols"/> (a symbol without a price shows nothing).
    /// </summary>
    public void RecordQuotes(string? user, IReadOnlyList<string> symbols, IReadOnlyList<StoredPrice?> prices, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(prices);
        if (!Enabled || !AccountId.TryParse(user, out var id))
        {
            return;
        }

        var account = id.ToString();
        var sentAtTicks = sentAt.UtcTicks;
        for (var i = 0; i < symbols.Count; i++)
        {
            if (prices[i] is not { } price)
            {
                continue;
            }

            // A quote is read from the store as it is served: the gateway knew of nothing newer.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (RingFor(account, symbols[i]) is { } ring && Write(ring, Facts(price), sentAtTicks, 0, ShownEntry.Quotes))
                {
                    ring.Owner.Touch(sentAtTicks);
                    break;
                }
            }
        }
    }

    /// <summary>
    /// What <paramref name="account"/> was shown of <paramref name="symbol"/> from <paramref name="from"/> to
    /// <paramref name="to"/> (by send time), oldest first, and when this log's memory of them starts.
    /// </summary>
    public ShownPricesAnswer Read(AccountId account, string symbol, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var name = account.ToString();
        var records = new List<ShownRecord>();
        long? oldest = null;
        if (_users.TryGetValue(name, out var user) && user.Find(symbol) is { } ring)
        {
            oldest = ring.Read(from.UtcTicks, to.UtcTicks, WindowStart(_time.GetUtcNow().UtcTicks), records);
        }

        var entries = new List<ShownPrice>(records.Count);
        foreach (var record in records)
        {
            entries.Add(new ShownPrice(
                record.BookSequence,
                record.Bid,
                record.Ask,
                _feeds.NameOf(record.Feed),
                new DateTimeOffset(record.ReceivedAtTicks, TimeSpan.Zero),
                new DateTimeOffset(record.SentAtTicks, TimeSpan.Zero),
                record.NewerPrices,
                (record.Flags & ShownEntry.Quotes) != 0 ? QuotesChannel : StreamChannel));
        }

        // Two connections of one user may have written a few microseconds out of turn.
        entries.Sort(static (a, b) => a.SentAt != b.SentAt ? a.SentAt.CompareTo(b.SentAt) : a.BookSequence.CompareTo(b.BookSequence));
        return new ShownPricesAnswer(name, symbol, from, to, oldest is { } o ? new DateTimeOffset(o, TimeSpan.Zero) : null, entries);
    }

    /// <summary>The log's size and counts now, summed over every user and symbol.</summary>
    public ShownPriceLogReport Report()
    {
        var users = 0;
        var userSymbols = 0;
        long held = 0;
        long recorded = Volatile.Read(ref _forgottenRecorded);
        long evictedCap = Volatile.Read(ref _forgottenEvictedCap);
        long evictedWindow = Volatile.Read(ref _evictedWindow);
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, user) in _users)
        {
            users++;
            foreach (var ring in user.Rings())
            {
                userSymbols++;
                symbols.Add(ring.Symbol);
                held += ring.Count;
                recorded += ring.Recorded;
                evictedCap += ring.EvictedCap;
                evictedWindow += ring.EvictedWindow;
            }
        }

        return new ShownPriceLogReport(
            Enabled,
            Options.ShownWindow.TotalSeconds,
            Options.ShownPerSymbol,
            Options.MaxUsers,
            Options.MaxBytes,
            BytesPerEntry,
            users,
            symbols.Count,
            userSymbols,
            held,
            Volatile.Read(ref _bytes),
            recorded,
            new ShownEvictions(evictedWindow, evictedCap, Volatile.Read(ref _evictedUserCap), Volatile.Read(ref _evictedByteCap)));
    }

    /// <summary>A report at most <paramref name="maxAge"/> old: the metrics' instruments share one sum per scrape.</summary>
    public ShownPriceLogReport Report(TimeSpan maxAge)
    {
        var now = _time.GetTimestamp();
        if (Volatile.Read(ref _recent) is { } recent && _time.GetElapsedTime(recent.At, now) <= maxAge)
        {
            return recent.Report;
        }

        var report = Report();
        Volatile.Write(ref _recent, new RecentReport(now, report));
        return report;
    }

    /// <summary>Forgets the users shown nothing within the window and drops the other users' entries that have left it.</summary>
    public void Sweep()
    {
        var windowStart = WindowStart(_time.GetUtcNow().UtcTicks);
        foreach (var (_, user) in _users)
        {
            if (user.LastActiveTicks < windowStart)
            {
                Forget(user, ShownEviction.Window);
                continue;
            }

            foreach (var ring in user.Rings())
            {
                ring.Expire(windowStart);
            }
        }
    }

    /// <summary>The ring of <paramref name="account"/> and <paramref name="symbol"/>, made when new; null only when a forgetting raced it twice.</summary>
    internal ShownPriceRing? RingFor(string account, string symbol)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var user = UserFor(account);
            if (user.GetOrAdd(symbol, Options.ShownPerSymbol, out var added) is { } ring)
            {
                if (added && Interlocked.Add(ref _bytes, RingOverheadBytes) > Options.MaxBytes)
                {
                    ForgetLeastRecent();
                }

                return ring;
            }
        }

        return null;
    }

    /// <summary>Writes one price into <paramref name="ring"/>; false when the ring was forgotten meanwhile (look it up again). The caller touches the ring's user.</summary>
    internal bool Write(ShownPriceRing ring, in ShownPriceFacts price, long sentAtTicks, long newerPrices, int flags)
    {
        if (!ring.Add(price, sentAtTicks, newerPrices, flags, WindowStart(sentAtTicks), out var grown))
        {
            return false;
        }

        Grew(grown);
        return true;
    }

    /// <summary>The facts of <paramref name="price"/> every recording of it shares.</summary>
    internal ShownPriceFacts Facts(StoredPrice price) => new(price, _feeds.IndexOf(price.Feed));

    /// <summary>The template of <paramref name="price"/> for the stream's recordings (see <see cref="ShownPriceTemplate"/>).</summary>
    internal ShownPriceTemplate Template(StoredPrice price) => new(Facts(price));

    /// <summary>Counts <paramref name="bytes"/> that rings took on, and makes room when the record has passed its bytes; never under a recording lock.</summary>
    internal void Grew(long bytes)
    {
        if (bytes > 0 && Interlocked.Add(ref _bytes, bytes) > Options.MaxBytes)
        {
            ForgetLeastRecent();
        }
    }

    /// <summary>UTC ticks before which an entry is out of the window, at <paramref name="nowTicks"/>.</summary>
    internal long WindowStart(long nowTicks) => nowTicks - _windowTicks;

    private ShownUser UserFor(string account)
    {
        while (true)
        {
            if (_users.TryGetValue(account, out var user))
            {
                return user;
            }

            var fresh = new ShownUser(account);
            fresh.Touch(_time.GetUtcNow().UtcTicks);
            if (_users.TryAdd(account, fresh))
            {
                Interlocked.Add(ref _bytes, UserOverheadBytes);
                if (Interlocked.Increment(ref _userCount) > Options.MaxUsers || Volatile.Read(ref _bytes) > Options.MaxBytes)
                {
                    ForgetLeastRecent();
                }

                return fresh;
            }
        }
    }

    // Past a bound, the least recently active users go until there is room again with a little to spare (1 % of the
    // users, 5 % of the bytes), so a steady arrival of new users does not sort the log for each one.
    private void ForgetLeastRecent()
    {
        if (!_evictionGate.TryEnter())
        {
            // Another thread is making room already.
            return;
        }

        try
        {
            var userTarget = Options.MaxUsers - (Options.MaxUsers / 100);
            var byteTarget = Options.MaxBytes - (Options.MaxBytes / 20);
            if (Volatile.Read(ref _userCount) <= Options.MaxUsers && Volatile.Read(ref _bytes) <= Options.MaxBytes)
            {
                return;
            }

            var users = new List<(long LastActive, ShownUser User)>(Volatile.Read(ref _userCount));
            foreach (var (_, user) in _users)
            {
                users.Add((user.LastActiveTicks, user));
            }

            users.Sort(static (a, b) => a.LastActive.CompareTo(b.LastActive));
            var bound = Volatile.Read(ref _userCount) > Options.MaxUsers ? nameof(ShownPriceOptions.MaxUsers) : nameof(ShownPriceOptions.MaxBytes);
            var (forgotten, entries, bytes) = (0, 0L, 0L);
            foreach (var (_, user) in users)
            {
                var overUsers = Volatile.Read(ref _userCount) > userTarget;
                if (!overUsers && Volatile.Read(ref _bytes) <= byteTarget)
                {
                    break;
                }

                var (held, freed) = Forget(user, overUsers ? ShownEviction.UserCap : ShownEviction.ByteCap);
                (forgotten, entries, bytes) = (forgotten + 1, entries + held, bytes + freed);
            }

            if (forgotten > 0)
            {
                GatewayLog.ShownUsersForgotten(_logger, forgotten, entries, bytes, bound);
            }
        }
        finally
        {
            _evictionGate.Exit();
        }
    }

    /// <returns>The entries the user held and the bytes they took, or zeros when another thread forgot it first.</returns>
    private (long Held, long Bytes) Forget(ShownUser user, ShownEviction reason)
    {
        if (!_users.TryRemove(new KeyValuePair<string, ShownUser>(user.Account, user)))
        {
            return (0, 0);
        }

        Interlocked.Decrement(ref _userCount);
        long held = 0;
        long bytes = UserOverheadBytes;
        foreach (var ring in user.Forget())
        {
            var totals = ring.Forget();
            held += totals.Held;
            bytes += totals.Bytes;
            Interlocked.Add(ref _forgottenRecorded, totals.Recorded);
            Interlocked.Add(ref _forgottenEvictedCap, totals.EvictedCap);
            Interlocked.Add(ref _evictedWindow, totals.EvictedWindow);
        }

        Interlocked.Add(ref _bytes, -bytes);
        switch (reason)
        {
            case ShownEviction.Window:
                Interlocked.Add(ref _evictedWindow, held);
                break;
            case ShownEviction.UserCap:
                Interlocked.Add(ref _evictedUserCap, held);
                break;
            default:
                Interlocked.Add(ref _evictedByteCap, held);
                break;
        }

        return (held, bytes);
    }

    private sealed record RecentReport(long At, ShownPriceLogReport Report);
}
