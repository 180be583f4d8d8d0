using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>Reads a <c>.twrec</c> recording frame by frame from a pooled buffer; a record cut short at the end (a crash) ends the read and is reported in <see cref="IsTorn"/>.</summary>
public sealed class FeedRecordingReader : IAsyncDisposable
{
    private const int BufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _start;
    private int _end;
    private bool _endOfStream;
    private long _consumed;
    private long _lastMicroseconds;
    private int _pendingConsume;

    private FeedRecordingReader(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    public FeedRecordingHeader Header { get; private set; } = null!;

    /// <summary>The frame the last successful <see cref="ReadNextAsync"/> read; its payload is overwritten by the next read.</summary>
    public RecordedFrame Current { get; private set; }

    public long FramesRead { get; private set; }

    /// <summary>True when the file ended inside a record: the frames before it were read, the cut one is dropped.</summary>
    public bool IsTorn { get; private set; }

    /// <summary>The bytes of the cut record that were ignored.</summary>
    public int TornBytes { get; private set; }

    /// <summary>Opens a recording file and reads its header; a file that is not a recording of a known version is refused with <see cref="InvalidDataException"/>.</summary>
    public static async Task<FeedRecordingReader> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        try
        {
            return await OpenAsync(stream, leaveOpen: false, path, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads a recording's header from a stream positioned at its start.</summary>
    public static async Task<FeedRecordingReader> OpenAsync(Stream stream, bool leaveOpen, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new FeedRecordingReader(stream, leaveOpen);
        try
        {
            await reader.ReadHeaderAsync(name ?? "the stream", cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the next frame into <see cref="Current"/>; false at the end of the recording (clean or torn).</summary>
    public async ValueTask<bool> ReadNextAsync(CancellationToken cancellationToken = default)
    {
        Consume(_pendingConsume);
        _pendingConsume = 0;
        if (IsTorn)
        {
            return false;
        }

        await FillAsync(FeedRecordingFormat.MaxRecordHeaderBytes, cancellationToken).ConfigureAwait(false);
        if (Available == 0)
        {
            return false;
        }

        var (headLength, delta, kind, length) = ParseRecordHeader(_buffer.AsSpan(_start, Available));
        if (headLength == 0 || !await FillAsync(headLength + length, cancellationToken).ConfigureAwait(false))
        {
            IsTorn = true;
            TornBytes = Available;
            return false;
        }

        _lastMicroseconds = checked(_lastMicroseconds + (long)delta);
        Current = new RecordedFrame(_lastMicroseconds, kind, _buffer.AsMemory(_start + headLength, length));
        _pendingConsume = headLength + length;
        FramesRead++;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int Available => _end - _start;

    private (int HeadLength, ulong Delta, FrameKind Kind, int Length) ParseRecordHeader(ReadOnlySpan<byte> span)
    {
        var at = FeedRecordingFormat.ReadVarint(span, 10, out var delta);
        if (at == 0 || at >= span.Length)
        {
            return Incomplete(at);
        }

        var kind = span[at] switch
        {
            FeedRecordingFormat.TextKind => FrameKind.Text,
            FeedRecordingFormat.BinaryKind => FrameKind.Binary,
            var other => throw Corrupt($"unknown frame kind {other}"),
        };
        at++;
        var used = FeedRecordingFormat.ReadVarint(span[at..], 5, out var length);
        if (used == 0)
        {
            return Incomplete(0);
        }

        if (used < 0 || length > FeedRecordingFormat.MaxPayloadBytes)
        {
            throw Corrupt($"a frame length over {FeedRecordingFormat.MaxPayloadBytes} bytes");
        }

        return (at + used, delta, kind, (int)length);

        (int, ulong, FrameKind, int) Incomplete(int varintLength) =>
            varintLength < 0 ? throw Corrupt("a receive time varint longer than 10 bytes") : (0, 0UL, FrameKind.Text, 0);
    }

    private InvalidDataException Corrupt(string what) =>
        new($"The recording is corrupt at byte {_consumed} (after {FramesRead} frames): {what}.");

    private async Task ReadHeaderAsync(string name, CancellationToken cancellationToken)
    {
        var magic = FeedRecordingFormat.Magic.Length;
        await FillAsync(magic + 1, cancellationToken).ConfigureAwait(false);
        if (Available < magic || !_buffer.AsSpan(_start, magic).SequenceEqual(FeedRecordingFormat.Magic))
        {
            throw new InvalidDataException($"{name} is not a Tickwatch recording (it does not begin with 'TWREC').");
        }

        if (Available < magic + 1)
        {
            throw new InvalidDataException($"{name} ends inside its header.");
        }

        var version = _buffer[_start + magic];
        if (version != FeedRecordingFormat.Version)
        {
            throw new InvalidDataException($"{name} is a recording of format version {version}; this build reads version {FeedRecordingFormat.Version}.");
        }

        Consume(magic + 1);
        var protocol = await ReadHeaderTextAsync(name, cancellationToken).ConfigureAwait(false);
        var feed = await ReadHeaderTextAsync(name, cancellationToken).ConfigureAwait(false);
        var url = await ReadHeaderTextAsync(name, cancellationToken).ConfigureAwait(false);
        if (!await FillAsync(8, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidDataException($"{name} ends inside its header.");
        }

        _lastMicroseconds = BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan(_start, 8));
        Consume(8);
        Header = new FeedRecordingHeader(protocol, feed, url, FeedRecordingFormat.FromMicroseconds(_lastMicroseconds), version);
    }

    private async Task<string> ReadHeaderTextAsync(string name, CancellationToken cancellationToken)
    {
        await FillAsync(5, cancellationToken).ConfigureAwait(false);
        var used = FeedRecordingFormat.ReadVarint(_buffer.AsSpan(_start, Available), 5, out var length);
        if (used <= 0 || length > 64 * 1024 || !await FillAsync(used + (int)length, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidDataException($"{name} has a damaged or cut header.");
        }

        var text = Encoding.UTF8.GetString(_buffer, _start + used, (int)length);
        Consume(used + (int)length);
        return text;
    }

    private void Consume(int count)
    {
        _start += count;
        _consumed += count;
    }

    /// <summary>Buffers at least <paramref name="needed"/> bytes unless the stream ends first; true when they are there.</summary>
    private async ValueTask<bool> FillAsync(int needed, CancellationToken cancellationToken)
    {
        if (Available >= needed)
        {
            return true;
        }

        if (needed > _buffer.Length - _start)
        {
            // Move what is left to the front, into a larger pooled buffer when one frame needs it.
            var target = needed > _buffer.Length ? ArrayPool<byte>.Shared.Rent(needed) : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, Available);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }

            _end = Available;
            _start = 0;
        }

        while (Available < needed && !_endOfStream)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return Available >= needed;
    }
}
