using System.Net.WebSockets;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;
using Tickwatch.Testing;

namespace Tickwatch.Market.Tests.Feeds.Replay;

/// <summary>A raw WebSocket client that writes every message it receives, with its receive time, to a <c>.twrec</c> recording (what a feed's recording does, without a market service).</summary>
internal sealed class FrameRecorder : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly FeedRecordingWriter _writer;
    private Task _receiving = Task.CompletedTask;
    private long _frames;

    private FrameRecorder(FeedRecordingWriter writer)
    {
        _writer = writer;
    }

    public long Frames => Interlocked.Read(ref _frames);

    public static async Task<FrameRecorder> StartAsync(Uri url, FeedProtocol protocol, string directory)
    {
        var writer = new FeedRecordingWriter(new FeedRecordingWriterOptions { Directory = directory, Feed = "recorded", Protocol = protocol, Url = url }, TimeProvider.System);
        var recorder = new FrameRecorder(writer);
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await recorder._socket.ConnectAsync(url, timeout.Token);
        recorder._receiving = recorder.ReceiveAsync();
        return recorder;
    }

    /// <summary>Closes the connection and the file; returns the recording's path.</summary>
    public async Task<string> StopAsync()
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }

        await _receiving.WaitAsync(Eventually.DefaultTimeout);
        _writer.Dispose();
        return Assert.Single(_writer.Files);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        await _receiving.WaitAsync(Eventually.DefaultTimeout);
        _writer.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                _writer.Write(result.MessageType == WebSocketMessageType.Binary ? FrameKind.Binary : FrameKind.Text, buffer.AsSpan(0, length));
                Interlocked.Increment(ref _frames);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Aborted at the end of a test.
        }
    }
}
