using System.Buffers.Binary;
using System.Text;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.Feeds.Recording;

/// <summary>The <c>.twrec</c> layout: header, then records of varint delta-µs, one kind byte, varint length and the payload.</summary>
public static class FeedRecordingFormat
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The file name extension of a recording.</summary>
    public const string Extension = ".twrec";

    /// <summary>A payload longer than this is corruption, not a frame (the listener refuses far smaller frames).</summary>
    public const int MaxPayloadBytes = 64 * 1024 * 1024;

    /// <summary>The longest record header: a 10-byte delta varint, the kind byte and a 5-byte length varint.</summary>
    internal const int MaxRecordHeaderBytes = 16;

    internal const byte TextKind = 0;
    internal const byte BinaryKind = 1;

    internal static ReadOnlySpan<byte> Magic => "TWREC"u8;

    /// <summary>Microseconds since the Unix epoch, rounded down.</summary>
    public static long ToMicroseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The UTC time of microseconds since the Unix epoch.</summary>
    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);

    /// <summary>The URL as a recording keeps it: no query string, fragment or user info, which may carry keys.</summary>
    public static string UrlWithoutQuery(Uri? url)
    {
        if (url is null)
        {
            return "";
        }

        if (!url.IsAbsoluteUri)
        {
            var text = url.OriginalString;
            var cut = text.IndexOfAny(['?', '#']);
            return cut < 0 ? text : text[..cut];
        }

        return new UriBuilder(url) { Query = "", Fragment = "", UserName = "", Password = "" }.Uri.ToString();
    }

    internal static byte KindByte(FrameKind kind) => kind == FrameKind.Binary ? BinaryKind : TextKind;

    internal static byte[] EncodeHeader(FeedRecordingHeader header)
    {
        var protocol = Encoding.UTF8.GetBytes(header.Protocol);
        var feed = Encoding.UTF8.GetBytes(header.Feed);
        var url = Encoding.UTF8.GetBytes(header.Url);
        var bytes = new byte[Magic.Length + 1 + (3 * 5) + protocol.Length + feed.Length + url.Length + 8];
        var at = 0;
        Magic.CopyTo(bytes);
        at += Magic.Length;
        bytes[at++] = Version;
        foreach (var field in (ReadOnlySpan<byte[]>)[protocol, feed, url])
        {
            at += WriteVarint(bytes.AsSpan(at), (ulong)field.Length);
            field.CopyTo(bytes, at);
            at += field.Length;
        }

        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), ToMicroseconds(header.StartedAt));
        at += 8;
        return bytes[..at];
    }

    /// <summary>Writes an unsigned LEB128 varint; returns the bytes written.</summary>
    internal static int WriteVarint(Span<byte> destination, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            destination[at++] = unchecked((byte)(value | 0x80));
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    /// <summary>Reads an unsigned LEB128 varint of at most <paramref name="maxBytes"/> bytes: the bytes used, 0 when the span ends first, -1 when it is too long.</summary>
    internal static int ReadVarint(ReadOnlySpan<byte> source, int maxBytes, out ulong value)
    {
        value = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            if (i >= source.Length)
            {
                return 0;
            }

            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return i + 1;
            }
        }

        return -1;
    }
}
