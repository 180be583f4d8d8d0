using System.Net.WebSockets;

namespace Tickwatch.BenchSupport;

/// <summary>
/// One plain <see cref="ClientWebSocket"/> that reads whole messages and counts them and their bytes, decoding nothing:
/// the cheapest consumer, to find what a source can produce.
/// </summary>
public sealed class BareFeedReader : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _reader = Task.CompletedTask;
    private long _frames;
    private long _bytes;

    public BareFeedReader(Uri url)
    {
        Url = url;
    }

    public Uri Url { get; }

    public bool IsConnected => _socket.State == WebSocketState.Open;

    /// <summary>Whole messages received so far.</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>Payload bytes received so far.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Connects and starts reading on a thread-pool task of its own.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(Url, cancellationToken).ConfigureAwait(false);
        _reader = Task.Run(ReadAsync, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        await _reader.ConfigureAwait(false);
        _socket.Dispose();
        _stopping.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                // One writer per counter: a plain add published with a volatile write is enough for the readers.
                Volatile.Write(ref _bytes, _bytes + result.Count);
                if (result.EndOfMessage)
                {
                    Volatile.Write(ref _frames, _frames + 1);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Aborted at the end of the run.
        }
    }
}
