using System.Net.WebSockets;

namespace Tickwatch.LoadHarness;

/// <summary>One plain <see cref="ClientWebSocket"/> per feed that reads whole messages and counts them, decoding nothing: the cheapest consumer, to find what the source can produce.</summary>
internal sealed class BareFeedReaders : IFeedConsumer
{
    private readonly IReadOnlyList<SourceFeed> _feeds;
    private readonly ClientWebSocket[] _sockets;
    private readonly long[] _frames;
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _readers = [];

    public BareFeedReaders(IReadOnlyList<SourceFeed> feeds)
    {
        _feeds = feeds;
        _sockets = [.. feeds.Select(_ => new ClientWebSocket())];
        _frames = new long[feeds.Count];
    }

    public string Description => "bare ClientWebSocket per feed, counting messages (no decoding, no book)";

    public bool IsConnected => _sockets.All(s => s.State == WebSocketState.Open);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _feeds.Count; i++)
        {
            await _sockets[i].ConnectAsync(_feeds[i].Url, cancellationToken).ConfigureAwait(false);
        }

        _readers = [.. Enumerable.Range(0, _feeds.Count).Select(i => Task.Run(() => ReadAsync(i)))];
    }

    public IReadOnlyList<FeedCounters> Read() => [.. _frames.Select((_, i) => new FeedCounters(Volatile.Read(ref _frames[i]), -1))];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Abort();
        }

        await Task.WhenAll(_readers).ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task ReadAsync(int index)
    {
        var socket = _sockets[index];
        var buffer = new byte[64 * 1024];
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.EndOfMessage)
                {
                    Volatile.Write(ref _frames[index], _frames[index] + 1);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Aborted at the end of the run.
        }
    }
}
