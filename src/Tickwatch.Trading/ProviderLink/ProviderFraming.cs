using System.Buffers;
using System.Buffers.Binary;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>The provider link's framing: each message is a 4-byte big-endian payload length followed by its MessagePack payload.</summary>
public static class ProviderFraming
{
    /// <summary>Bytes of the length prefix.</summary>
    public const int HeaderBytes = 4;

    /// <summary>The default largest payload: a message is a few hundred bytes, so anything near this is not one.</summary>
    public const int DefaultMaxFrameBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_payload;

    /// <summary>Writes <paramref name="message"/> as one frame (length prefix and payload) to <paramref name="output"/>.</summary>
    /// <returns>The frame's length in bytes, prefix included.</returns>
    public static int Write(ProviderMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);

        // The payload is encoded aside first: its length must precede it, and an IBufferWriter cannot be written backwards.
        var payload = t_payload ??= new ArrayBufferWriter<byte>(1024);
        payload.ResetWrittenCount();
        ProviderMessageCodec.Encode(message, payload);
        var frame = output.GetSpan(HeaderBytes + payload.WrittenCount);
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)payload.WrittenCount);
        payload.WrittenSpan.CopyTo(frame[HeaderBytes..]);
        output.Advance(HeaderBytes + payload.WrittenCount);
        return HeaderBytes + payload.WrittenCount;
    }

    /// <summary>One frame as a new array, for tests and tools.</summary>
    public static byte[] ToArray(ProviderMessage message)
    {
        var output = new ArrayBufferWriter<byte>(256);
        Write(message, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>A frame's header announcing <paramref name="payloadLength"/> bytes, for tests of hostile lengths.</summary>
    public static byte[] Header(uint payloadLength)
    {
        var header = new byte[HeaderBytes];
        BinaryPrimitives.WriteUInt32BigEndian(header, payloadLength);
        return header;
    }
}
