using Tickwatch.Gateway.Streaming;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// Records what one stream connection of a user was sent, for its send loop alone: the price elements of a message
/// are noted as it is written and recorded once the socket has taken it, each sent at the instant the message was
/// written (the one its <c>age_ms</c> is measured to, so before the client can act on it) and with how many newer
/// prices of its symbol the gateway had once the socket took it.
/// </summary>
/// <remarks>
/// Recording is bound by memory: a thousand clients' rings rarely stay in the processor's caches. So each subscription
/// keeps its ring (a price then touches the ring and its slot, nothing else of the log), a message's rings are read
/// once without a lock so that their memory is fetched together, and the user's lock is taken once per message.
/// </remarks>
public sealed class ShownPriceRecorder
{
    private readonly ShownPriceLog _log;
    private readonly Dictionary<string, ShownPriceRing> _rings = new(StringComparer.Ordinal);
    private (ClientSubscription Subscription, PriceFrame Frame, long Newer)[] _written = new (ClientSubscription, PriceFrame, long)[8];
    private int _writtenCount;

    // Where the warming reads of a message go, so that they are not left out as unused.
    private long _warmth;

    internal ShownPriceRecorder(ShownPriceLog log, string account)
    {
        _log = log;
        Account = account;
    }

    /// <summary>The account recorded for, <c>live:42</c>.</summary>
    public string Account { get; }

    /// <summary>Records <paramref name="price"/> of <paramref name="symbol"/> as written on the stream at <paramref name="sentAt"/>, with <paramref name="newerPrices"/> newer ones known then.</summary>
    public void Record(string symbol, StoredPrice price, DateTimeOffset sentAt, long newerPrices)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        ArgumentNullException.ThrowIfNull(price);
        var sentAtTicks = sentAt.UtcTicks;
        _rings.TryGetValue(symbol, out var ring);
        if (Record(ref ring, symbol, _log.Facts(price), sentAtTicks, newerPrices))
        {
            _rings[symbol] = ring!;
            ring!.Owner.Touch(sentAtTicks);
        }
    }

    /// <summary>A price element of <paramref name="subscription"/>'s symbol was written into the message about to be sent.</summary>
    internal void Written(ClientSubscription subscription, PriceFrame frame)
    {
        if (_writtenCount == _written.Length)
        {
            Array.Resize(ref _written, _written.Length * 2);
        }

        _written[_writtenCount++] = (subscription, frame, 0);
    }

    /// <summary>The socket took the message written at <paramref name="writtenAt"/>: records its price elements, each with the newer prices its symbol has had since.</summary>
    internal void Sent(DateTimeOffset writtenAt)
    {
        var sentAt = writtenAt.UtcTicks;
        var windowStart = _log.WindowStart(sentAt);

        // Each subscription's ring, found at its first price (or again once its user was forgotten), read once here
        // without a lock so that their memory is fetched together.
        ShownUser? user = null;
        long warmth = 0;
        for (var i = 0; i < _writtenCount; i++)
        {
            var subscription = _written[i].Subscription;
            if (subscription.ShownRing is not { IsForgotten: false } ring)
            {
                subscription.ShownRing = ring = _log.RingFor(Account, subscription.Stream.Symbol);
            }

            user ??= ring?.Owner;
            warmth ^= ring?.Warm() ?? 0;

            // The frame's template and its symbol's newest frame, made by other threads, are read here too, alongside
            // the other fetches; the newer prices are counted now, once the socket has taken the message.
            var frame = _written[i].Frame;
            warmth ^= (frame.Shown ??= _log.Template(frame.Price)).Facts.Feed;
            _written[i].Newer = Newer(subscription, frame);
        }

        Volatile.Write(ref _warmth, warmth);
        long grown = 0;
        var missed = 0;
        if (user is not null)
        {
            // The user's recording lock once for the whole message.
            user.Enter();
            try
            {
                for (var i = 0; i < _writtenCount; i++)
                {
                    var (subscription, frame, newer) = _written[i];
                    if (subscription.ShownRing is not { } ring || ring.Owner != user || !ring.AddHeld(frame.Shown!.Facts, sentAt, newer, 0, windowStart, out var added))
                    {
                        // Its user was forgotten meanwhile: recorded on its own below.
                        _written[missed++] = _written[i];
                        continue;
                    }

                    grown += added;
                }
            }
            finally
            {
                user.Exit();
            }

            user.Touch(sentAt);
        }
        else
        {
            missed = _writtenCount;
        }

        _log.Grew(grown);
        for (var i = 0; i < missed; i++)
        {
            var (subscription, frame, newer) = _written[i];
            var ring = subscription.ShownRing;
            if (Record(ref ring, subscription.Stream.Symbol, frame.Shown!.Facts, sentAt, newer))
            {
                subscription.ShownRing = ring;
            }
        }

        // Not kept past the send: an old frame held here would outlive the young generation.
        Array.Clear(_written, 0, _writtenCount);
        _writtenCount = 0;
    }

    // The symbol's frames since this one: prices (and stale or closed announcements) the client has not seen yet.
    private static long Newer(ClientSubscription subscription, PriceFrame frame) => (subscription.Stream.Latest?.Index ?? frame.Index) - frame.Index;

    /// <summary>Writes into <paramref name="ring"/>, looked up first when there is none yet or its user was forgotten; false when it could not be written.</summary>
    private bool Record(ref ShownPriceRing? ring, string symbol, in ShownPriceFacts price, long sentAtTicks, long newerPrices)
    {
        if (ring is not null && _log.Write(ring, price, sentAtTicks, newerPrices, 0))
        {
            return true;
        }

        ring = _log.RingFor(Account, symbol);
        return ring is not null && _log.Write(ring, price, sentAtTicks, newerPrices, 0);
    }
}
