using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// A live-stream client on a raw non-blocking TCP socket: the upgrade handshake and the frames are done here, and one of
/// the <see cref="PollReaders"/> threads drains the socket when it is readable (no task, no per-read allocation).
/// </summary>
internal sealed class PollClient(string[] symbols, DeliveryFigures figures, bool timed, int? receiveBufferBytes) : BenchClient(symbols, figures, timed)
{
    private const byte Fin = 0x80;
    private const byte MaskBit = 0x80;
    private const int OpContinuation = 0x0;
    private const int OpText = 0x1;
    private const int OpBinary = 0x2;
    private const int OpClose = 0x8;
    private const int OpPing = 0x9;

    // A ready socket is read until the kernel has nothing more, but at most this many times per turn, so one busy client
    // cannot hold its thread while the others wait.
    private const int MaxReadsPerTurn = 8;
    private const int HandshakeTimeoutMs = 30_000;

    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private byte[] _inbound = new byte[16384];
    private int _filled;
    private byte[] _fragments = [];
    private int _fragmentLength;
    private volatile bool _open;

    public Socket Socket => _socket;

    /// <summary>False once the gateway closed the stream or the connection failed: the readers leave the socket alone.</summary>
    public bool IsOpen => _open;

    // Blocking calls on a pool thread: a socket that never ran an async operation is never registered with the runtime's
    // own epoll thread, which would otherwise also be told of every readable event (no measurable difference, but less to reason about).
    public override Task ConnectAsync(Uri stream, string token, CancellationToken cancellationToken) =>
        Task.Run(() => Connect(stream, token), cancellationToken);

    private void Connect(Uri stream, string token)
    {
        if (receiveBufferBytes is { } bytes)
        {
            _socket.ReceiveBufferSize = bytes;
        }

        _socket.SendTimeout = HandshakeTimeoutMs;
        _socket.ReceiveTimeout = HandshakeTimeoutMs;
        _socket.Connect(stream.Host, stream.Port);
        _filled = WebSocketHandshake.Upgrade(_socket, stream, token, _inbound);
        SendFrame(OpText, SubscribeCommand());
        _socket.Blocking = false;
        _open = true;

        // Frames that came with the handshake reply (before the readers start, so no thread shares this one's state).
        if (_filled > 0)
        {
            HandleFrames();
        }
    }

    /// <summary>Reads what the kernel holds for this socket and handles every complete frame in it (called by its reader thread).</summary>
    public void Drain()
    {
        try
        {
            DrainSocket();
        }
        catch (SocketException ex)
        {
            // Only a pong can fail to go out here.
            Lose("connection lost: " + ex.SocketErrorCode);
        }
    }

    public override ValueTask DisposeAsync()
    {
        if (_open)
        {
            _open = false;
            try
            {
                _socket.Blocking = true;
                _socket.SendTimeout = 2000;
                var close = new byte[2 + "bench done".Length];
                BinaryPrimitives.WriteUInt16BigEndian(close, (ushort)WebSocketCloseStatus.NormalClosure);
                Encoding.ASCII.GetBytes("bench done", close.AsSpan(2));
                SendFrame(OpClose, close);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Gone already.
            }
        }

        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private void DrainSocket()
    {
        for (var reads = 0; reads < MaxReadsPerTurn; reads++)
        {
            var space = _inbound.Length - _filled;
            var read = _socket.Receive(_inbound.AsSpan(_filled), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return;
            }

            if (error != SocketError.Success || read == 0)
            {
                Lose("connection lost: " + (read == 0 && error == SocketError.Success ? "the gateway closed the connection without a close frame" : error.ToString()));
                return;
            }

            _filled += read;
            if (!HandleFrames() || read < space)
            {
                // Closed, or the kernel had less than the buffer could take: nothing is left to read.
                return;
            }
        }
    }

    // Takes every complete frame off the front of the inbound buffer (a read may end inside one, or hold several);
    // false once the stream has ended.
    private bool HandleFrames()
    {
        var offset = 0;
        var ok = true;
        while (ok && _filled - offset >= 2)
        {
            var available = _filled - offset;
            var first = _inbound[offset];
            var second = _inbound[offset + 1];
            if ((second & MaskBit) != 0)
            {
                Lose("protocol: the gateway sent a masked frame");
                return false;
            }

            long length = second & 0x7F;
            var header = 2;
            if (length == 126)
            {
                if (available < 4)
                {
                    break;
                }

                length = BinaryPrimitives.ReadUInt16BigEndian(_inbound.AsSpan(offset + 2));
                header = 4;
            }
            else if (length == 127)
            {
                if (available < 10)
                {
                    break;
                }

                length = BinaryPrimitives.ReadInt64BigEndian(_inbound.AsSpan(offset + 2));
                header = 10;
            }

            if (length is < 0 or > MaxMessageBytes)
            {
                Lose($"protocol: a frame of {length} bytes");
                return false;
            }

            if (available < header + length)
            {
                // The rest of this frame is still to come; make room for all of it.
                if (header + length > _inbound.Length)
                {
                    Array.Resize(ref _inbound, (int)Math.Max(_inbound.Length * 2, header + length));
                }

                break;
            }

            ok = HandleFrame(first, _inbound.AsSpan(offset + header, (int)length));
            offset += header + (int)length;
        }

        if (!ok)
        {
            return false;
        }

        _filled -= offset;
        if (offset > 0 && _filled > 0)
        {
            Buffer.BlockCopy(_inbound, offset, _inbound, 0, _filled);
        }

        return true;
    }

    private bool HandleFrame(byte first, ReadOnlySpan<byte> payload)
    {
        var final = (first & Fin) != 0;
        switch (first & 0x0F)
        {
            case OpText or OpBinary when final && _fragmentLength == 0:
                // The clock is read as soon as the message is complete: the client's receipt.
                OnMessage(payload, DateTimeOffset.UtcNow);
                return true;
            case OpText or OpBinary or OpContinuation:
                if (_fragmentLength + payload.Length > MaxMessageBytes)
                {
                    Lose($"protocol: a stream message longer than {MaxMessageBytes} bytes");
                    return false;
                }

                if (_fragments.Length < _fragmentLength + payload.Length)
                {
                    Array.Resize(ref _fragments, Math.Max(16384, 2 * (_fragmentLength + payload.Length)));
                }

                payload.CopyTo(_fragments.AsSpan(_fragmentLength));
                _fragmentLength += payload.Length;
                if (final)
                {
                    OnMessage(_fragments.AsSpan(0, _fragmentLength), DateTimeOffset.UtcNow);
                    _fragmentLength = 0;
                }

                return true;
            case OpClose:
                _open = false;
                var status = payload.Length >= 2 ? (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload) : WebSocketCloseStatus.Empty;
                End($"gateway closed: {status} {(payload.Length > 2 ? Encoding.UTF8.GetString(payload[2..]) : "")}");
                return false;
            case OpPing:
                // The gateway's keep-alive aborts a connection whose pings go unanswered.
                SendFrame(0xA, payload);
                return true;
            default:
                // Pong, or an opcode no gateway sends: nothing to do.
                return true;
        }
    }

    // Clients must mask what they send (RFC 6455 §5.3). Only short control frames and the subscribe command are sent.
    private void SendFrame(int opcode, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[payload.Length + 14];
        frame[0] = (byte)(Fin | opcode);
        int header;
        if (payload.Length < 126)
        {
            frame[1] = (byte)(MaskBit | payload.Length);
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            frame[1] = MaskBit | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
            header = 4;
        }
        else
        {
            frame[1] = MaskBit | 127;
            BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(2), payload.Length);
            header = 10;
        }

        var mask = frame.AsSpan(header, 4);
        Random.Shared.NextBytes(mask);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[header + 4 + i] = (byte)(payload[i] ^ mask[i & 3]);
        }

        var sent = 0;
        var length = header + 4 + payload.Length;
        while (sent < length)
        {
            var count = _socket.Send(frame.AsSpan(sent, length - sent), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                // A full send buffer on a control frame: wait for room rather than drop it.
                _socket.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectWrite);
                continue;
            }

            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            sent += count;
        }
    }

    private void Lose(string because)
    {
        _open = false;
        End(because);
    }
}
