using System.Net.WebSockets;
using System.Text;

namespace Tickwatch.Feeds.Tests.Listening;

/// <summary>A client socket that plays back a fixed list of received fragments, then the server's close frame; nothing else.</summary>
internal sealed class ScriptedWebSocket : WebSocket
{
    private readonly Queue<(byte[] Bytes, WebSocketMessageType Type, bool EndOfMessage)> _fragments = new();
    private int _offset;

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => WebSocketState.Open;

    public override string? SubProtocol => null;

    /// <summary>Queues a text message, split into the given fragments.</summary>
    public ScriptedWebSocket Text(params string[] fragments)
    {
        for (var i = 0; i < fragments.Length; i++)
        {
            _fragments.Enqueue((Encoding.UTF8.GetBytes(fragments[i]), WebSocketMessageType.Text, i == fragments.Length - 1));
        }

        return this;
    }

    /// <summary>Queues a binary message in one fragment.</summary>
    public ScriptedWebSocket Binary(byte[] message)
    {
        _fragments.Enqueue((message, WebSocketMessageType.Binary, true));
        return this;
    }

    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (!_fragments.TryPeek(out var next))
        {
            return ValueTask.FromResult(new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true));
        }

        // A fragment larger than the buffer arrives in pieces, as from a real socket.
        var count = Math.Min(buffer.Length, next.Bytes.Length - _offset);
        next.Bytes.AsSpan(_offset, count).CopyTo(buffer.Span);
        _offset += count;
        var fragmentDone = _offset == next.Bytes.Length;
        if (fragmentDone)
        {
            _fragments.Dequeue();
            _offset = 0;
        }

        return ValueTask.FromResult(new ValueWebSocketReceiveResult(count, next.Type, fragmentDone && next.EndOfMessage));
    }

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Abort()
    {
    }

    public override void Dispose()
    {
    }
}
