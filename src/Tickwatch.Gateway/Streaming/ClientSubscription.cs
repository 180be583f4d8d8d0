namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One client's interest in one symbol: its slot in the client's latest-per-symbol map. A newer price marks the
/// slot and queues it once; until the send loop takes it, further prices only replace what it will read
/// (conflation), so a slow client costs one slot per symbol, never a queue of prices.
/// </summary>
internal sealed class ClientSubscription(SymbolStream stream, ClientSession session) : IOutboundMessage
{
    // 0 while nothing is waiting; else the timestamp at which the oldest unsent price arrived.
    private long _waitingSince;
    private PriceFrame? _lastSent;
    private volatile bool _removed;

    public SymbolStream Stream => stream;

    public ClientSession Session => session;

    public int MaxLength => stream.Latest?.MaxLength ?? 0;

    /// <summary>The timestamp since which a newer price has been waiting to be sent, or 0.</summary>
    public long WaitingSince => Volatile.Read(ref _waitingSince);

    /// <summary>Called for every new price of the symbol, on the thread that delivered it.</summary>
    public void OnNewerPrice(long timestamp)
    {
        if (_removed)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _waitingSince, timestamp, 0) == 0)
        {
            session.Enqueue(this);
        }
        else
        {
            session.CountConflated();
        }
    }

    public void Remove() => _removed = true;

    public int Write(Span<byte> destination, DateTimeOffset now, out bool isPrice)
    {
        isPrice = true;

        // Clear before reading the latest: a price that lands after this queues the slot again.
        Interlocked.Exchange(ref _waitingSince, 0);
        var frame = stream.Latest;
        // The latest only ever moves to a newer price, so reading it never goes backwards.
        if (_removed || frame is null || ReferenceEquals(frame, _lastSent))
        {
            return 0;
        }

        _lastSent = frame;
        return frame.WriteTo(destination, now);
    }
}
