using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Quotes;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One symbol's live prices for every client that watches it: one store subscription, the latest price serialised
/// once, and the clients to wake when it changes.
/// </summary>
/// <remarks>
/// A price replaces the latest only if it is newer by the store's own rule (its version), so no client is ever sent an
/// older price after a newer one. A new price wakes only the subscriptions armed since the symbol's last price (a
/// client arms each of its symbols when it reads them), not every subscriber: a busy symbol with hundreds of
/// subscribers costs a few wakes per price instead of one check per subscriber.
/// </remarks>
public sealed class SymbolStream
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly StreamStatistics _statistics;
    private PriceFrame? _latest;
    private long _frames;
    private ClientSubscription[] _subscribers = [];
    private readonly Lock _armedGate = new();
    private List<ClientSubscription> _armed = [];
    private int _armedCount;

    internal SymbolStream(SymbolSettings settings, TimeProvider time, StreamStatistics statistics)
    {
        Settings = settings;
        _time = time;
        _statistics = statistics;
    }

    public string Symbol => Settings.Symbol;

    public SymbolSettings Settings { get; }

    /// <summary>The latest price (or its stale announcement), or null before the first.</summary>
    public PriceFrame? Latest => Volatile.Read(ref _latest);

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>The store subscription, disposed when the last client leaves.</summary>
    internal IAsyncDisposable? Subscription { get; set; }

    /// <summary>Serialises the joins and leaves of this symbol only, store subscription included; other symbols never wait on it.</summary>
    internal SemaphoreSlim Membership { get; } = new(1, 1);

    /// <summary>Set, under <see cref="Membership"/>, once its last client left and it was taken out of the registry: a joiner must look again.</summary>
    internal bool Retired { get; set; }

    /// <summary>A price announced by the store (or read from it when the first client subscribed).</summary>
    public void OnPrice(StoredPrice price)
    {
        ArgumentNullException.ThrowIfNull(price);
        _statistics.CountUpdateReceived();
        var current = Latest;
        if (current is not null && !(price.Version > current.Price.Version))
        {
            _statistics.CountUpdateNotNewer();
            return;
        }

        var frame = PriceFrameWriter.Create(price, Settings, _time.GetUtcNow());
        lock (_gate)
        {
            // Another thread may have installed a newer one meanwhile.
            if (_latest is { } raced && !(price.Version > raced.Price.Version))
            {
                _statistics.CountUpdateNotNewer();
                return;
            }

            frame.Index = ++_frames;

            // A full fence: a client arming after this sees the price; one that armed before is seen by WakeArmed.
            Interlocked.Exchange(ref _latest, frame);
        }

        WakeArmed();
    }

    /// <summary>
    /// Announces the latest price once as <c>closed</c> when the symbol leaves its trading hours, or as <c>stale</c>
    /// when it has outlived its limit while trading; returns the subscribers told (-1: nothing to announce).
    /// </summary>
    /// <remarks>A shut market is never announced stale: an old price then is no failing feed.</remarks>
    internal int Announce(DateTimeOffset now, out Freshness announced)
    {
        var current = Latest;
        var freshness = QuoteBoard.FreshnessOf(Settings, current?.Price, now);
        announced = freshness == Freshness.Closed ? Freshness.Closed : Freshness.Stale;
        if (current is null || freshness == Freshness.Fresh || current.Freshness == announced)
        {
            return -1;
        }

        var announcement = PriceFrameWriter.Create(current.Price, Settings, now, announced);
        lock (_gate)
        {
            if (!ReferenceEquals(_latest, current))
            {
                return -1;
            }

            announcement.Index = ++_frames;
            Volatile.Write(ref _latest, announcement);
        }

        // Rare: every subscriber is told, armed or not.
        var subscribers = Volatile.Read(ref _subscribers);
        var timestamp = _time.GetTimestamp();
        foreach (var subscriber in subscribers)
        {
            subscriber.OnNewerPrice(timestamp);
        }

        return subscribers.Length;
    }

    internal void Add(ClientSubscription subscription)
    {
        lock (_gate)
        {
            Volatile.Write(ref _subscribers, [.. _subscribers, subscription]);
        }

        subscription.Arm();
    }

    /// <summary>Wakes <paramref name="subscription"/> at this symbol's next price (called once per arming).</summary>
    internal void AddArmed(ClientSubscription subscription)
    {
        // Under a lock, so a client that arms and then reads the latest either sees a price or is woken by it.
        lock (_armedGate)
        {
            _armed.Add(subscription);
            Interlocked.Increment(ref _armedCount);
        }
    }

    /// <summary>Removes a client's slot; returns the subscribers left.</summary>
    internal int Remove(ClientSubscription subscription)
    {
        subscription.Remove();
        lock (_gate)
        {
            ClientSubscription[] remaining = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
            Volatile.Write(ref _subscribers, remaining);
            return remaining.Length;
        }
    }

    private void WakeArmed()
    {
        // Busy symbols' clients are active and read prices at their own pace: usually nobody is armed.
        if (Volatile.Read(ref _armedCount) == 0)
        {
            return;
        }

        List<ClientSubscription> armed;
        lock (_armedGate)
        {
            armed = _armed;
            _armed = new List<ClientSubscription>(armed.Count);
            Volatile.Write(ref _armedCount, 0);
        }

        var timestamp = _time.GetTimestamp();
        foreach (var subscription in armed)
        {
            subscription.Wake(timestamp);
        }
    }
}
