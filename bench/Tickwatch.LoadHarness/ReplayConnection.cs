using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary>
/// One client of the replay server: a hand-made WebSocket handshake, then a dedicated thread that
/// packs many pre-encoded frames into each socket write, and a reader that answers pings and the
/// close handshake. TCP flow control sets the pace unless a rate is given.
/// </summary>
internal sealed class ReplayConnection
{
    private const int BatchBytes = 256 * 1024;
    private const int MaxHeaderBytes = 10;
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static readonly TimeSpan CpuReadInterval = TimeSpan.FromMilliseconds(100);

    private readonly Socket _socket;
    private readonly ReplayFrames _frames;
    private readonly double? _rate;
    private readonly Lock _sendGate = new();
    private readonly Thread _writer;
    private volatile bool _stopSending;
    private bool _closed;
    private long _framesSent;
    private long _updatesSent;
    private long _cpuTicks = -1;
    private Task _reader = Task.CompletedTask;

    private ReplayConnection(Socket socket, string path, ReplayFrames frames, double? rate)
    {
        _socket = socket;
        Path = path;
        _frames = frames;
        _rate = rate;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "replay " + path };
    }

    public string Path { get; }

    public FeedCounters Counters => new(Volatile.Read(ref _framesSent), Volatile.Read(ref _updatesSent));

    /// <summary>CPU of the writer thread so far; null where it cannot be read.</summary>
    public TimeSpan? Cpu => Volatile.Read(ref _cpuTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Reads the upgrade request and answers it; null (and the socket closed) when the path is not served.</summary>
    public static async Task<ReplayConnection?> AcceptAsync(Socket socket, IReadOnlyDictionary<string, ReplayFrames> paths, double? rate, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        var request = await ReadRequestAsync(socket, cancellationToken).ConfigureAwait(false);
        var lines = request.Split("\r\n");
        var target = lines[0].Split(' ') is [_, var t, ..] ? t : "";
        var path = target.Split('?')[0];
        var key = lines.Select(l => l.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))?[1].Trim();
        if (key is null || !paths.TryGetValue(path, out var frames))
        {
            await socket.SendAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            socket.Dispose();
            return null;
        }

        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
        var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(response), cancellationToken).ConfigureAwait(false);
        return new ReplayConnection(socket, path, frames, rate);
    }

    public void Start()
    {
        _writer.Start();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Stops writing frames after the batch in hand; the connection stays open until the client closes it.</summary>
    public void StopSending() => _stopSending = true;

    /// <summary>Waits until the writer has stopped (after <see cref="StopSending"/> or a closed socket).</summary>
    public void JoinWriter() => _writer.Join();

    public async Task CloseAsync()
    {
        StopSending();
        lock (_sendGate)
        {
            _closed = true;
        }

        _socket.Dispose();
        _writer.Join();
        await _reader.ConfigureAwait(false);
    }

    private static async Task<string> ReadRequestAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    private void WriteLoop()
    {
        var cpuAtStart = ThreadCpu.Current();
        var nextCpuRead = Stopwatch.GetTimestamp();
        var cpuInterval = (long)(CpuReadInterval.TotalSeconds * Stopwatch.Frequency);
        var batch = new byte[Math.Max(BatchBytes, 2 * (_frames.MaxLength + MaxHeaderBytes))];
        var scratch = new byte[_frames.MaxLength];
        var opcode = _frames.Kind == FrameKind.Text ? (byte)0x81 : (byte)0x82;
        var sequence = ReplayFrames.FirstSequence;
        var frame = 0;
        long frames = 0;
        long updates = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (!_stopSending)
            {
                var allowed = _rate is { } rate
                    ? (long)(rate * Stopwatch.GetElapsedTime(started).TotalSeconds) - updates
                    : long.MaxValue;
                if (allowed < _frames.Prices(frame))
                {
                    Thread.Sleep(1);
                    continue;
                }

                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var used = 0;
                long batchUpdates = 0;
                while (used + _frames.MaxLength + MaxHeaderBytes <= batch.Length && batchUpdates + _frames.Prices(frame) <= allowed)
                {
                    var length = _frames.Write(frame, sequence, now, scratch);
                    used += WriteHeader(batch.AsSpan(used), opcode, length);
                    scratch.AsSpan(0, length).CopyTo(batch.AsSpan(used));
                    used += length;
                    batchUpdates += _frames.Prices(frame);
                    frames++;
                    sequence++;
                    frame = frame + 1 == _frames.Count ? 0 : frame + 1;
                }

                if (!Send(batch.AsSpan(0, used)))
                {
                    break;
                }

                updates += batchUpdates;
                Volatile.Write(ref _updatesSent, updates);
                Volatile.Write(ref _framesSent, frames);
                if (Stopwatch.GetTimestamp() >= nextCpuRead)
                {
                    RecordCpu(cpuAtStart);
                    nextCpuRead = Stopwatch.GetTimestamp() + cpuInterval;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The client went away; what was sent is counted.
        }
        finally
        {
            RecordCpu(cpuAtStart);
        }
    }

    private void RecordCpu(TimeSpan? atStart)
    {
        if (atStart is { } start && ThreadCpu.Current() is { } now)
        {
            Volatile.Write(ref _cpuTicks, (now - start).Ticks);
        }
    }

    /// <returns>False once the connection is closed.</returns>
    private bool Send(ReadOnlySpan<byte> data)
    {
        lock (_sendGate)
        {
            if (_closed)
            {
                return false;
            }

            while (!data.IsEmpty)
            {
                data = data[_socket.Send(data)..];
            }

            return true;
        }
    }

    private static int WriteHeader(Span<byte> destination, byte opcode, int length)
    {
        destination[0] = opcode;
        if (length < 126)
        {
            destination[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)length);
        return 10;
    }

    /// <summary>Reads the client's frames: answers pings (the listener's keep-alive) and the close handshake.</summary>
    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                length += read;
                var consumed = 0;
                while (TryReadFrame(buffer.AsSpan(consumed, length - consumed), out var opcode, out var payload, out var frameLength))
                {
                    consumed += frameLength;
                    if (opcode == 0x9)
                    {
                        SendControl(0x8A, payload, close: false);
                    }
                    else if (opcode == 0x8)
                    {
                        SendControl(0x88, payload.Length >= 2 ? payload[..2] : [], close: true);
                        return;
                    }
                }

                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed under us.
        }
    }

    private void SendControl(byte opcodeByte, ReadOnlySpan<byte> payload, bool close)
    {
        Span<byte> frame = stackalloc byte[2 + 125];
        frame[0] = opcodeByte;
        frame[1] = (byte)payload.Length;
        payload.CopyTo(frame[2..]);
        lock (_sendGate)
        {
            if (_closed)
            {
                return;
            }

            _socket.Send(frame[..(2 + payload.Length)]);
            if (close)
            {
                _closed = true;
                _stopSending = true;
                _socket.Shutdown(SocketShutdown.Send);
            }
        }
    }

    /// <summary>Parses one masked client frame at the start of <paramref name="data"/> and unmasks its payload in place.</summary>
    private static bool TryReadFrame(Span<byte> data, out int opcode, out Span<byte> payload, out int frameLength)
    {
        opcode = 0;
        payload = default;
        frameLength = 0;
        if (data.Length < 2)
        {
            return false;
        }

        opcode = data[0] & 0x0F;
        var masked = (data[1] & 0x80) != 0;
        long length = data[1] & 0x7F;
        var at = 2;
        if (length == 126)
        {
            if (data.Length < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            at = 4;
        }
        else if (length == 127)
        {
            if (data.Length < 10)
            {
                return false;
            }

            length = (long)BinaryPrimitives.ReadUInt64BigEndian(data[2..]);
            at = 10;
        }

        var maskAt = at;
        if (masked)
        {
            at += 4;
        }

        if (length > data.Length - at)
        {
            return false;
        }

        payload = data.Slice(at, (int)length);
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= data[maskAt + (i & 3)];
            }
        }

        frameLength = at + (int)length;
        return true;
    }
}
