using Tickwatch.Gateway.Forensics;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One client's interest in one symbol: which of the symbol's frames the client was last sent. A newer price only
/// tells the client's session that something waits; its send loop then takes the latest frame of every symbol at
/// once (conflation), so a slow client costs one reference per symbol, never a queue of prices.
/// </summary>
/// <remarks>
/// The symbol wakes a subscription only while it is armed: the send loop arms it each time it reads the symbol (before
/// reading, so a price that lands in between still wakes it), and a wake disarms it.
/// </remarks>
internal sealed class ClientSubscription(SymbolStream stream, ClientSession session)
{
    // The number of the last frame sent (not the frame: holding it would keep thousands of old frames alive past the
    // young generation, and every collection would copy them). At first, the frame before the latest at subscription
    // time, so that one is sent and not counted as skipped.
    private long _lastIndex = Math.Max(0, (stream.Latest?.Index ?? 0) - 1);
    private volatile bool _removed;
    private int _armed;

    public SymbolStream Stream => stream;

    public ClientSession Session => session;

    /// <summary>Where what this client is shown of the symbol is recorded, found at its first price sent (see <see cref="ShownPriceRecorder"/>).</summary>
    internal ShownPriceRing? ShownRing { get; set; }

    /// <summary>Called for every new price of the symbol, on the thread that delivered it.</summary>
    public void OnNewerPrice(long timestamp)
    {
        if (!_removed)
        {
            session.OnPriceWaiting(timestamp);
        }
    }

    public void Remove() => _removed = true;

    /// <summary>Asks the symbol to wake this client at its next price, unless it already will.</summary>
    public void Arm()
    {
        if (Volatile.Read(ref _armed) == 0 && Interlocked.Exchange(ref _armed, 1) == 0)
        {
            stream.AddArmed(this);
        }
    }

    /// <summary>The symbol has a newer price: disarms, then tells the session.</summary>
    public void Wake(long timestamp)
    {
        Volatile.Write(ref _armed, 0);
        OnNewerPrice(timestamp);
    }

    /// <summary>The symbol's latest frame if the client has not been sent it yet (and how many frames it skipped), else null.</summary>
    /// <remarks>Called only by the session's send loop. The latest only ever moves to a newer price, so this never goes backwards.</remarks>
    public PriceFrame? TakeNewer(out long skipped)
    {
        skipped = 0;
        var frame = stream.Latest;
        if (_removed || frame is null || frame.Index <= _lastIndex)
        {
            return null;
        }

        skipped = frame.Index - _lastIndex - 1;
        _lastIndex = frame.Index;
        return frame;
    }
}
