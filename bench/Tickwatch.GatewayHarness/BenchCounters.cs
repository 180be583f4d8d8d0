namespace Tickwatch.GatewayHarness;

/// <summary>What all clients saw, counted without locks (each client adds once per message); deliveries are counted only while <see cref="Recording"/>.</summary>
internal sealed class BenchCounters
{
    private volatile bool _recording;
    private long _messages;
    private long _prices;
    private long _intervals;
    private long _intervalTicks;
    private long _stale;
    private long _notNewer;
    private long _repeated;
    private long _malformed;
    private long _other;
    private long _ended;
    private string? _firstUnexpected;

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    /// <summary>Price messages read while recording.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Prices (elements of price messages, stale announcements not included) read while recording.</summary>
    public long Prices => Interlocked.Read(ref _prices);

    /// <summary>Mean time between two deliveries of the same symbol to the same client, in milliseconds.</summary>
    public double MeanIntervalMs => Interlocked.Read(ref _intervals) is var n and > 0 ? TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks) / n).TotalMilliseconds : double.NaN;

    /// <summary>Stale announcements (elements with <c>"type":"stale"</c>) read while recording.</summary>
    public long Stale => Interlocked.Read(ref _stale);

    /// <summary>Prices whose sequence was not above the last one of the same symbol, or stale announcements of an older one (must stay 0).</summary>
    public long NotNewer => Interlocked.Read(ref _notNewer);

    /// <summary>Messages holding more than one element of the same symbol (must stay 0).</summary>
    public long Repeated => Interlocked.Read(ref _repeated);

    /// <summary>Elements the scanner could not read, or of a symbol the client did not subscribe to (must stay 0).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Messages other than price messages and the subscribe reply (errors, unwrapped prices).</summary>
    public long Other => Interlocked.Read(ref _other);

    /// <summary>Streams that ended before the harness closed them.</summary>
    public long Ended => Interlocked.Read(ref _ended);

    /// <summary>The start of the first message that was malformed or unexpected, for the report.</summary>
    public string? FirstUnexpected => Volatile.Read(ref _firstUnexpected);

    public void CountMessage(int prices, int stale, int intervals, long intervalTicks)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _prices, prices);
        if (stale > 0)
        {
            Interlocked.Add(ref _stale, stale);
        }

        if (intervals > 0)
        {
            Interlocked.Add(ref _intervals, intervals);
            Interlocked.Add(ref _intervalTicks, intervalTicks);
        }
    }

    public void CountNotNewer(int count) => Interlocked.Add(ref _notNewer, count);

    public void CountRepeated() => Interlocked.Increment(ref _repeated);

    public void CountMalformed(int count, ReadOnlySpan<byte> message)
    {
        Interlocked.Add(ref _malformed, count);
        Remember(message);
    }

    public void CountOtherMessage(ReadOnlySpan<byte> message)
    {
        Interlocked.Increment(ref _other);
        Remember(message);
    }

    public void CountEnded() => Interlocked.Increment(ref _ended);

    private void Remember(ReadOnlySpan<byte> message)
    {
        if (Volatile.Read(ref _firstUnexpected) is null)
        {
            Interlocked.CompareExchange(ref _firstUnexpected, System.Text.Encoding.UTF8.GetString(message[..Math.Min(message.Length, 300)]), null);
        }
    }
}
