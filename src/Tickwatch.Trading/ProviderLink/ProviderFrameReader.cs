using System.Buffers;
using System.Buffers.Binary;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>
/// Cuts the provider link's byte stream into frames and decodes them, never throwing on what the peer sent: a
/// frame that does not decode is consumed, counted by category and reported; a length above the maximum is
/// refused without consuming anything (the caller drops the connection: the stream cannot be resynchronised);
/// a partial frame waits for more bytes. Use one per connection, from its read loop, over a PipeReader's buffer.
/// </summary>
public sealed class ProviderFrameReader
{
    private readonly int _maxFrameBytes;

    /// <param name="counters">Where frames and refusals are counted (shared by every connection of one end).</param>
    /// <param name="maxFrameBytes">Largest payload accepted.</param>
    public ProviderFrameReader(ProviderFrameCounters counters, int maxFrameBytes = ProviderFraming.DefaultMaxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 16);
        Counters = counters;
        _maxFrameBytes = maxFrameBytes;
    }

    public ProviderFrameCounters Counters { get; }

    /// <summary>Reads the frame at the front of <paramref name="buffer"/> and slices it off when it was whole.</summary>
    public ProviderFrameResult TryRead(ref ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < ProviderFraming.HeaderBytes)
        {
            return ProviderFrameResult.NeedMoreData;
        }

        Span<byte> header = stackalloc byte[ProviderFraming.HeaderBytes];
        buffer.Slice(0, ProviderFraming.HeaderBytes).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > _maxFrameBytes)
        {
            Counters.Count(ProviderFrameError.Oversized);
            return new ProviderFrameResult(
                ProviderFrameStatus.Oversized, null, ProviderFrameError.Oversized, $"frame of {length} bytes announced, at most {_maxFrameBytes} allowed", (long)length + ProviderFraming.HeaderBytes);
        }

        var frameBytes = ProviderFraming.HeaderBytes + (long)length;
        if (buffer.Length < frameBytes)
        {
            return ProviderFrameResult.NeedMoreData;
        }

        var payload = buffer.Slice(ProviderFraming.HeaderBytes, length);
        buffer = buffer.Slice(frameBytes);
        var error = ProviderMessageCodec.Decode(payload, out var message, out var detail);
        Counters.Count(error);
        return error == ProviderFrameError.None
            ? new ProviderFrameResult(ProviderFrameStatus.Message, message, error, null, frameBytes)
            : new ProviderFrameResult(ProviderFrameStatus.Malformed, null, error, detail, frameBytes);
    }
}
