using System.Text;
using System.Text.Json;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// One live-stream client, however it reads its socket: subscribes to its symbols, takes every message as it arrives,
/// checks the order of every price in it and keeps the last price of each symbol for the final check. A timed client
/// also records, for each price while recording is on, its tick-to-client latency (now minus the source's
/// <c>received_at</c>, one machine clock), the gateway's <c>age_ms</c> (the same age when the gateway wrote the message)
/// and its coverage delay (now minus the <c>received_at</c> of the previous price of the symbol this client got).
/// </summary>
internal abstract class BenchClient : IAsyncDisposable
{
    /// <summary>Longest message a client accepts: a batch is bounded by the subscription, far below this.</summary>
    protected const int MaxMessageBytes = 1 << 20;

    private readonly string[] _symbols;
    private readonly byte[][] _symbolBytes;
    private readonly Lock _lastGate = new();
    private readonly long[] _lastSequence;
    private readonly byte[][] _lastElement;
    private readonly int[] _lastLength;
    private readonly long[] _lastReceivedAt;
    private readonly long[] _lastReceipt;
    private readonly long[] _seenInMessage;
    private readonly DeliveryFigures _figures;
    private readonly bool _timed;
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _messageNumber;

    protected BenchClient(string[] symbols, DeliveryFigures figures, bool timed)
    {
        _timed = timed;
        _symbols = symbols;
        _symbolBytes = [.. symbols.Select(Encoding.UTF8.GetBytes)];
        _lastSequence = new long[symbols.Length];
        _lastElement = [.. symbols.Select(_ => new byte[512])];
        _lastLength = new int[symbols.Length];
        _lastReceivedAt = new long[symbols.Length];
        _lastReceipt = new long[symbols.Length];
        _seenInMessage = new long[symbols.Length];
        _figures = figures;
    }

    public Task Subscribed => _subscribed.Task;

    /// <summary>Why the stream ended, if it did before the harness closed it.</summary>
    public string? EndedBecause { get; private set; }

    public IReadOnlyList<string> Symbols => _symbols;

    /// <summary>Opens the stream with <paramref name="token"/> and sends the subscribe command.</summary>
    public abstract Task ConnectAsync(Uri stream, string token, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>The subscribe command for this client's symbols, as UTF-8 JSON.</summary>
    protected byte[] SubscribeCommand() => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["type"] = "subscribe", ["symbols"] = _symbols });

    /// <summary>Records that the stream ended before the harness closed it.</summary>
    protected void End(string because)
    {
        EndedBecause = because;
        _figures.Counters.CountEnded();
    }

    /// <summary>The last sequence, bid and ask received for the symbol at <paramref name="index"/> (sequence 0: none), and the sequence the scanner read from the same element.</summary>
    public ((long Sequence, decimal Bid, decimal Ask) Parsed, long Scanned) Last(int index)
    {
        lock (_lastGate)
        {
            return _lastLength[index] == 0
                ? ((0, 0, 0), 0)
                : (PriceFrameScanner.Price(_lastElement[index].AsSpan(0, _lastLength[index])), _lastSequence[index]);
        }
    }

    protected void OnMessage(ReadOnlySpan<byte> message, DateTimeOffset receivedNow)
    {
        var counters = _figures.Counters;
        if (!PriceFrameScanner.TryOpenBatch(message, out var elements))
        {
            if (message.IndexOf("\"type\":\"subscribed\""u8) >= 0)
            {
                _subscribed.TrySetResult();
            }
            else
            {
                counters.CountOtherMessage(message);
            }

            return;
        }

        var recording = counters.Recording;
        var timing = recording && _timed;
        var now = receivedNow.UtcTicks;
        int prices = 0, stale = 0, intervals = 0, notNewer = 0, malformed = 0;
        long intervalTicks = 0;
        lock (_lastGate)
        {
            var number = ++_messageNumber;
            bool bad;
            while (PriceFrameScanner.TryNext(ref elements, out var element, out bad))
            {
                if (!PriceFrameScanner.TryScan(element, _timed, out var name, out var isStale, out var sequence, out var receivedAt, out var ageMs) || IndexOf(name) is var symbol && symbol < 0)
                {
                    malformed++;
                    continue;
                }

                // At most one element per symbol per message.
                if (_seenInMessage[symbol] == number)
                {
                    counters.CountRepeated();
                }

                _seenInMessage[symbol] = number;
                if (isStale)
                {
                    // A stale announcement repeats the symbol's last price: it may equal the last one held, never be older.
                    notNewer += sequence < _lastSequence[symbol] ? 1 : 0;
                    stale++;
                    continue;
                }

                // Never an older price after a newer one, nor the same one twice.
                notNewer += sequence <= _lastSequence[symbol] ? 1 : 0;

                // Only the last element of each symbol is kept whole, for the final check; its price is parsed then.
                _lastSequence[symbol] = sequence;
                if (_lastElement[symbol].Length < element.Length)
                {
                    _lastElement[symbol] = new byte[element.Length * 2];
                }

                element.CopyTo(_lastElement[symbol]);
                _lastLength[symbol] = element.Length;
                var previousReceivedAt = _lastReceivedAt[symbol];
                var previousReceipt = _lastReceipt[symbol];
                _lastReceivedAt[symbol] = receivedAt.UtcTicks;
                _lastReceipt[symbol] = now;
                if (!recording)
                {
                    continue;
                }

                prices++;
                if (!timing)
                {
                    continue;
                }

                _figures.TickToClient.Record(TimeSpan.FromTicks(now - receivedAt.UtcTicks));
                _figures.AgeAtSend.Record(TimeSpan.FromMilliseconds(ageMs));
                if (previousReceivedAt != 0)
                {
                    _figures.Coverage.Record(TimeSpan.FromTicks(now - previousReceivedAt));
                    intervals++;
                    intervalTicks += now - previousReceipt;
                }
            }

            malformed += bad ? 1 : 0;
        }

        if (notNewer > 0)
        {
            counters.CountNotNewer(notNewer);
        }

        if (malformed > 0)
        {
            counters.CountMalformed(malformed, message);
        }

        if (recording)
        {
            counters.CountMessage(prices, stale, intervals, intervalTicks);
        }
    }

    private int IndexOf(ReadOnlySpan<byte> symbol)
    {
        for (var i = 0; i < _symbolBytes.Length; i++)
        {
            if (symbol.SequenceEqual(_symbolBytes[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
