namespace Tickwatch.GatewayHarness;

/// <summary>What all clients saw, counted without locks; prices are counted only while <see cref="Recording"/>.</summary>
internal sealed class BenchCounters
{
    private volatile bool _recording;
    private long _frames;
    private long _notNewer;
    private long _other;
    private long _ended;

    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Prices whose sequence was not above the last one of the same symbol (must stay 0).</summary>
    public long NotNewer => Interlocked.Read(ref _notNewer);

    /// <summary>Messages other than prices and the subscribe reply (stale announcements, errors).</summary>
    public long Other => Interlocked.Read(ref _other);

    /// <summary>Streams that ended before the harness closed them.</summary>
    public long Ended => Interlocked.Read(ref _ended);

    public void CountFrame() => Interlocked.Increment(ref _frames);

    public void CountNotNewer() => Interlocked.Increment(ref _notNewer);

    public void CountOtherMessage() => Interlocked.Increment(ref _other);

    public void CountEnded() => Interlocked.Increment(ref _ended);
}
