using System.Buffers;
using System.Net.WebSockets;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// One served feed: its encoder, message sequence, connections and counters. Each frame is encoded
/// once and the same bytes go to every connection. <see cref="Prepare"/> and <see cref="DeliverAsync"/>
/// run only on the engine's publishing path, one frame at a time.
/// </summary>
internal sealed class HubFeed
{
    private const int MinGarbageLength = 16;
    private const int MaxGarbageLength = 256;

    // Printable characters that cannot start a JSON text, so a garbage text frame is never valid JSON
    // but is valid UTF-8 (a client's WebSocket would otherwise fail the whole connection instead).
    private static readonly byte[] NonJsonStart = "#%&*<>?@^_~|"u8.ToArray();

    private readonly Lock _connectionsGate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly List<ReadOnlyMemory<byte>> _outgoing = new(3);
    private HubConnection[] _connections = [];
    private WirePrice[] _scratch = new WirePrice[64];
    private ReadOnlyMemory<byte>? _heldBack;
    private long _sequence;
    private long _framesSent;
    private long _updatesSent;
    private long _framesDropped;
    private long _framesWritten;

    public HubFeed(int index, QuoteHubFeedOptions options, IFeedFrameEncoder encoder)
    {
        Index = index;
        Name = options.Name;
        Path = options.Path;
        Protocol = options.Protocol;
        Encoder = encoder;
        MessageType = encoder.FrameKind == FrameKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
    }

    public int Index { get; }

    public string Name { get; }

    public string Path { get; }

    public FeedProtocol Protocol { get; }

    public IFeedFrameEncoder Encoder { get; }

    public WebSocketMessageType MessageType { get; }

    public HubConnection[] Connections => Volatile.Read(ref _connections);

    /// <summary>Sequence of the last frame encoded (0 before the first).</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>Frames handed to the connections (a duplicate counts twice).</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Prices in the frames encoded.</summary>
    public long UpdatesSent => Interlocked.Read(ref _updatesSent);

    /// <summary>Frames that slow connections dropped from their queues.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Frames written to sockets, over all connections.</summary>
    public long FramesWritten => Interlocked.Read(ref _framesWritten);

    public void Add(HubConnection connection)
    {
        lock (_connectionsGate)
        {
            _connections = [.. _connections, connection];
        }
    }

    public void Remove(HubConnection connection)
    {
        lock (_connectionsGate)
        {
            _connections = Array.FindAll(_connections, c => c != connection);
        }
    }

    /// <summary>Aborts every connection; returns how many there were.</summary>
    public int AbortAll()
    {
        var connections = Connections;
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        return connections.Length;
    }

    public void CountDropped() => Interlocked.Increment(ref _framesDropped);

    public void CountWritten() => Interlocked.Increment(ref _framesWritten);

    /// <summary>
    /// Applies the feed's faults to one shared batch of prices and encodes the result: returns the
    /// payloads to send, in order (none while stalled or when everything is frozen or held back).
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Prepare(ReadOnlySpan<WirePrice> prices, DateTimeOffset sourceTime, FaultBook faults, Random random)
    {
        _outgoing.Clear();
        if (_scratch.Length < prices.Length)
        {
            _scratch = new WirePrice[Math.Max(prices.Length, _scratch.Length * 2)];
        }

        var actions = faults.Apply(Index, prices, _scratch, canHoldBack: _heldBack is null, out var count);
        if ((actions & FrameActions.Stall) != 0)
        {
            return _outgoing;
        }

        var toEncode = (actions & FrameActions.PricesChanged) != 0 ? _scratch.AsSpan(0, count) : prices;
        if (toEncode.IsEmpty)
        {
            return _outgoing;
        }

        var sequence = Interlocked.Increment(ref _sequence);
        Encoder.Encode(toEncode, sequence, sourceTime, _buffer);
        Interlocked.Add(ref _updatesSent, toEncode.Length);
        var payload = (actions & FrameActions.Garbage) != 0 ? Garbage(random)
            : (actions & FrameActions.Truncate) != 0 ? Truncated(_buffer.WrittenSpan, random)
            : _buffer.WrittenSpan.ToArray();
        _buffer.ResetWrittenCount();

        if ((actions & FrameActions.HoldBack) != 0)
        {
            _heldBack = payload;
            return _outgoing;
        }

        _outgoing.Add(payload);
        if ((actions & FrameActions.Duplicate) != 0)
        {
            _outgoing.Add(payload);
        }

        if (_heldBack is { } held)
        {
            // The held frame goes after its successor, so its sequence arrives older than one already seen.
            _outgoing.Add(held);
            _heldBack = null;
        }

        return _outgoing;
    }

    /// <summary>Queues the payloads on every connection; under backpressure waits for the slowest.</summary>
    public async ValueTask DeliverAsync(IReadOnlyList<ReadOnlyMemory<byte>> payloads, CancellationToken cancellationToken)
    {
        var connections = Connections;
        for (var p = 0; p < payloads.Count; p++)
        {
            var payload = payloads[p];
            foreach (var connection in connections)
            {
                var queued = connection.EnqueueAsync(payload, cancellationToken);
                if (!queued.IsCompletedSuccessfully)
                {
                    await queued;
                }
            }
        }

        Interlocked.Add(ref _framesSent, payloads.Count);
    }

    private byte[] Garbage(Random random)
    {
        var garbage = new byte[random.Next(MinGarbageLength, MaxGarbageLength + 1)];
        if (MessageType == WebSocketMessageType.Text)
        {
            garbage[0] = NonJsonStart[random.Next(NonJsonStart.Length)];
            for (var i = 1; i < garbage.Length; i++)
            {
                garbage[i] = (byte)random.Next(0x20, 0x7F);
            }
        }
        else
        {
            random.NextBytes(garbage);
        }

        return garbage;
    }

    private static byte[] Truncated(ReadOnlySpan<byte> frame, Random random) =>
        frame.Length <= 1 ? [] : frame[..random.Next(1, frame.Length)].ToArray();
}
