using Tickwatch.Gateway.Streaming;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// Records what one stream connection of a user was sent, for its send loop alone: the price elements of a message
/// are noted as it is written and recorded once the socket has taken it, each sent at the instant the message was
/// written (the one its <c>age_ms</c> is measured to, so before the client can act on it) and with how many newer
/// prices of its symbol the gateway had once the socket took it. Each symbol's ring is looked up once and kept.
/// </summary>
public sealed class ShownPriceRecorder
{
    private readonly ShownPriceLog _log;
    private readonly Dictionary<string, ShownPriceRing> _rings = new(StringComparer.Ordinal);
    private (SymbolStream Stream, PriceFrame Frame)[] _written = new (SymbolStream, PriceFrame)[8];
    private int _writtenCount;

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
        Record(symbol, price, sentAt.UtcTicks, newerPrices);
    }

    /// <summary>A price element of <paramref name="stream"/> was written into the message about to be sent.</summary>
    internal void Written(SymbolStream stream, PriceFrame frame)
    {
        if (_writtenCount == _written.Length)
        {
            Array.Resize(ref _written, _written.Length * 2);
        }

        _written[_writtenCount++] = (stream, frame);
    }

    /// <summary>The socket took the message written at <paramref name="writtenAt"/>: records its price elements, each with the newer prices its symbol has had since.</summary>
    internal void Sent(DateTimeOffset writtenAt)
    {
        var sentAt = writtenAt.UtcTicks;
        for (var i = 0; i < _writtenCount; i++)
        {
            var (stream, frame) = _written[i];

            // The symbol's frames since this one: prices (and stale or closed announcements) the client has not seen yet.
            var newer = (stream.Latest?.Index ?? frame.Index) - frame.Index;
            Record(stream.Symbol, frame.Price, sentAt, newer);

            // Not kept past the send: an old frame held here would outlive the young generation.
            _written[i] = default;
        }

        _writtenCount = 0;
    }

    private void Record(string symbol, StoredPrice price, long sentAtTicks, long newerPrices)
    {
        if (_rings.TryGetValue(symbol, out var ring) && _log.Write(ring, price, sentAtTicks, newerPrices, 0))
        {
            return;
        }

        // The symbol's first price on this connection, or its user was forgotten meanwhile: the ring is looked up again.
        if (_log.RingFor(Account, symbol) is { } fresh)
        {
            _rings[symbol] = fresh;
            _log.Write(fresh, price, sentAtTicks, newerPrices, 0);
        }
    }
}
