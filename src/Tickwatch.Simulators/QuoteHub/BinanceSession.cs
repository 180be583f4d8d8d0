namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// One Binance connection's state: the streams it subscribes to, in order, and whether its frames are wrapped as
/// combined-stream events. The receive loop changes it (control messages) while the publisher reads it: writes take
/// the lock and publish new flag arrays, reads take none.
/// </summary>
internal sealed class BinanceSession
{
    private readonly Lock _gate = new();
    private readonly List<string> _names = [];
    private bool[] _quotes;
    private bool[] _trades;
    private volatile bool _combined;

    private readonly bool _acceptAnyStream;

    /// <param name="venue">The feed's venue.</param>
    /// <param name="combined">Whether frames go out in the combined envelope.</param>
    /// <param name="acceptAnyStream">A replaying feed: any well-formed stream name is taken (the recording, not the venue's list, says what is sent).</param>
    public BinanceSession(BinanceVenue venue, bool combined, bool acceptAnyStream = false)
    {
        Venue = venue;
        _acceptAnyStream = acceptAnyStream;
        _combined = combined;
        _quotes = new bool[venue.SymbolCount];
        _trades = new bool[venue.SymbolCount];
    }

    public BinanceVenue Venue { get; }

    /// <summary>Whether frames go out in the <c>{"stream","data"}</c> envelope (<c>/stream</c>, or <c>SET_PROPERTY combined</c>).</summary>
    public bool Combined
    {
        get => _combined;
        set => _combined = value;
    }

    /// <summary>The subscribed stream names, as the client gave them (<c>LIST_SUBSCRIPTIONS</c>).</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _names];
            }
        }
    }

    /// <summary>Whether the connection subscribes to at least one stream.</summary>
    public bool HasStreams
    {
        get
        {
            lock (_gate)
            {
                return _names.Count > 0;
            }
        }
    }

    /// <summary>Whether the connection gets <paramref name="frame"/>: a frame for all, or one of a stream it subscribes to.</summary>
    public bool Wants(in OutgoingFrame frame) =>
        frame.Symbol < 0 || (frame.Stream == BinanceStream.Quotes ? Volatile.Read(ref _quotes) : Volatile.Read(ref _trades))[frame.Symbol];

    /// <summary>Adds streams; false (nothing changed) when one is not served here or the connection would exceed the venue's limit.</summary>
    public bool TrySubscribe(IReadOnlyList<string> streams, out string? error)
    {
        lock (_gate)
        {
            var quotes = (bool[])_quotes.Clone();
            var trades = (bool[])_trades.Clone();
            var added = new List<string>();
            foreach (var name in streams)
            {
                if (!Venue.TryParseStream(name, out var symbol, out var stream))
                {
                    if (_acceptAnyStream && name.IndexOf('@', StringComparison.Ordinal) > 0)
                    {
                        if (!_names.Contains(name) && !added.Contains(name))
                        {
                            added.Add(name);
                        }

                        continue;
                    }

                    error = $"Invalid request: unknown stream '{name}'";
                    return false;
                }

                var flags = stream == BinanceStream.Quotes ? quotes : trades;
                if (!flags[symbol])
                {
                    flags[symbol] = true;
                    added.Add(name);
                }
            }

            if (_names.Count + added.Count > BinanceVenue.MaxStreamsPerConnection)
            {
                error = $"Invalid request: too many streams (at most {BinanceVenue.MaxStreamsPerConnection} per connection)";
                return false;
            }

            _names.AddRange(added);
            Volatile.Write(ref _quotes, quotes);
            Volatile.Write(ref _trades, trades);
            error = null;
            return true;
        }
    }

    /// <summary>Removes streams; names not subscribed are passed over, as on the venue.</summary>
    public void Unsubscribe(IReadOnlyList<string> streams)
    {
        lock (_gate)
        {
            var quotes = (bool[])_quotes.Clone();
            var trades = (bool[])_trades.Clone();
            foreach (var name in streams)
            {
                if (Venue.TryParseStream(name, out var symbol, out var stream))
                {
                    (stream == BinanceStream.Quotes ? quotes : trades)[symbol] = false;
                    _names.RemoveAll(n => Venue.TryParseStream(n, out var s, out var k) && s == symbol && k == stream);
                }
                else
                {
                    _names.Remove(name);
                }
            }

            Volatile.Write(ref _quotes, quotes);
            Volatile.Write(ref _trades, trades);
        }
    }
}
