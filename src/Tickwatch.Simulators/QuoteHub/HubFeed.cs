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
    private readonly List<OutgoingFrame> _outgoing = new(4);
    private HubConnection[] _connections = [];
    private WirePrice[] _scratch = new WirePrice[64];
    private OutgoingFrame? _heldBack;
    private long _sequence;
    private long _framesSent;
    private long _updatesSent;
    private long _framesDropped;
    private long _framesWritten;

    /// <param name="index">The feed's position in the hub's list.</param>
    /// <param name="options">The feed's settings.</param>
    /// <param name="encoder">The feed's frame encoder.</param>
    /// <param name="venue">For a Binance feed, its symbols, ids and per-event encoding; null otherwise.</param>
    public HubFeed(int index, QuoteHubFeedOptions options, IFeedFrameEncoder encoder, BinanceVenue? venue = null)
    {
        Index = index;
        Name = options.Name;
        Path = options.Path;
        Protocol = options.Protocol;
        Options = options;
        Encoder = encoder;
        Venue = venue;
        MessageType = encoder.FrameKind == FrameKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
    }

    public int Index { get; }

    public string Name { get; }

    public string Path { get; }

    public FeedProtocol Protocol { get; }

    public QuoteHubFeedOptions Options { get; }

    public IFeedFrameEncoder Encoder { get; }

    /// <summary>Set on a Binance feed: one frame per symbol, each with the symbol's own update id, to its subscribers only.</summary>
    public BinanceVenue? Venue { get; }

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

    /// <summary>Set when the feed replays a recording instead of carrying the price model.</summary>
    public FeedReplay? Replay { get; set; }

    public void Add(HubConnection connection)
    {
        lock (_connectionsGate)
        {
            _connections = [.. _connections, connection];
        }

        Replay?.Wake();
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
    /// frames to send, in order (none while stalled or when everything is frozen or held back). A Binance
    /// feed takes one full price at a time and may add a trade after the quote.
    /// </summary>
    public IReadOnlyList<OutgoingFrame> Prepare(ReadOnlySpan<WirePrice> prices, DateTimeOffset sourceTime, FaultBook faults, Random random)
    {
        _outgoing.Clear();

        // A symbol the venue does not list is no frame of this feed, so it must not use up a counted fault either.
        if (Venue is { } listing && (prices.Length != 1 || !listing.Serves(prices[0].Symbol)))
        {
            return _outgoing;
        }

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
        OutgoingFrame frame;
        if (Venue is { } venue)
        {
            if (!venue.TryEncodeQuote(toEncode[0], sourceTime, out frame))
            {
                return _outgoing;
            }
        }
        else
        {
            Encoder.Encode(toEncode, sequence, sourceTime, _buffer);
            frame = OutgoingFrame.ToAll(_buffer.WrittenSpan.ToArray());
            _buffer.ResetWrittenCount();
        }

        Interlocked.Add(ref _updatesSent, toEncode.Length);
        if (!Shape(frame, actions, random))
        {
            return _outgoing;
        }

        if (Venue is { } tradingVenue && toEncode[0] is { Bid: { } bid, Ask: { } ask } quoted
            && tradingVenue.TryTrade(quoted.Symbol, bid, ask, sourceTime, out var trade))
        {
            _outgoing.Add(trade);
        }

        return _outgoing;
    }

    /// <summary>
    /// A recorded frame of a replay through the feed's frame faults (stall, garbage, truncate, duplicate, out of order) and
    /// to every connection, whatever streams it asked for; the price faults do not apply, since the payload goes out
    /// verbatim. A replaying feed's connections always wait for room (backpressure, whatever the slow-client policy): a replay loses no frame.
    /// </summary>
    public async ValueTask SendRecordedAsync(ReadOnlyMemory<byte> payload, FrameKind kind, FaultBook faults, Random random, CancellationToken cancellationToken)
    {
        _outgoing.Clear();
        var actions = faults.Apply(Index, [], _scratch, canHoldBack: _heldBack is null, out _);
        if ((actions & FrameActions.Stall) != 0)
        {
            return;
        }

        Interlocked.Increment(ref _sequence);
        if (Shape(OutgoingFrame.ToAll(payload), actions, random))
        {
            var type = kind == FrameKind.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            await DeliverAsync(_outgoing, cancellationToken, type);
        }
    }

    /// <summary>Queues the frames on every connection that wants them; under backpressure waits for the slowest.</summary>
    /// <param name="frames">The frames, in order.</param>
    /// <param name="cancellationToken">The hub is stopping.</param>
    /// <param name="type">The frames' message type when it is not the feed's (a replayed frame keeps the one recorded).</param>
    public async ValueTask DeliverAsync(IReadOnlyList<OutgoingFrame> frames, CancellationToken cancellationToken, WebSocketMessageType? type = null)
    {
        var connections = Connections;
        for (var f = 0; f < frames.Count; f++)
        {
            var frame = frames[f];
            foreach (var connection in connections)
            {
                if (connection.Session is { } session && !session.Wants(frame))
                {
                    continue;
                }

                var payload = connection.Session is { Combined: true } ? frame.Combined : frame.Raw;
                var queued = connection.EnqueueAsync(payload, type ?? MessageType, cancellationToken);
                if (!queued.IsCompletedSuccessfully)
                {
                    await queued;
                }
            }
        }

        Interlocked.Add(ref _framesSent, frames.Count);
    }

    /// <summary>Applies garbage, truncation, hold-back and duplication to the frame and adds what goes out to the outgoing list; false when it was held back.</summary>
    private bool Shape(OutgoingFrame frame, FrameActions actions, Random random)
    {
        if ((actions & FrameActions.Garbage) != 0)
        {
            var garbage = Garbage(random);
            frame = frame with { Raw = garbage, Combined = garbage };
        }
        else if ((actions & FrameActions.Truncate) != 0)
        {
            // Cut each form on its own; the other feeds' frames are one form, cut once.
            var cut = Truncated(frame.Raw.Span, random);
            frame = frame with { Raw = cut, Combined = Venue is { IsSbe: false } && !frame.Raw.Equals(frame.Combined) ? Truncated(frame.Combined.Span, random) : cut };
        }

        if ((actions & FrameActions.HoldBack) != 0)
        {
            _heldBack = frame;
            return false;
        }

        _outgoing.Add(frame);
        if ((actions & FrameActions.Duplicate) != 0)
        {
            _outgoing.Add(frame);
        }

        if (_heldBack is { } held)
        {
            // The held frame goes after its successor, so its sequence arrives older than one already seen.
            _outgoing.Add(held);
            _heldBack = null;
        }

        return true;
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
