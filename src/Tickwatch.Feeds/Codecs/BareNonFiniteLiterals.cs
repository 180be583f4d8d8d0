namespace Tickwatch.Feeds.Codecs;

/// <summary>
/// Finds the bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> that Python's <c>json.dumps</c> writes for
/// non-finite doubles, and quotes them, so a reader that rejects them (as JSON does) can read the frame and refuse
/// only those values.
/// </summary>
/// <remarks>
/// A literal counts only where a value belongs (after <c>:</c>, <c>,</c> or <c>[</c>), outside strings, and ending
/// at a delimiter; anything else is left as it is, so JSON that is malformed for another reason stays malformed.
/// Meant for the failure path only: valid frames never come here.
/// </remarks>
internal static class BareNonFiniteLiterals
{
    private static ReadOnlySpan<byte> NaN => "NaN"u8;

    private static ReadOnlySpan<byte> Infinity => "Infinity"u8;

    private static ReadOnlySpan<byte> NegativeInfinity => "-Infinity"u8;

    /// <summary>How many bare literals <paramref name="json"/> holds; the quoted copy is longer by two bytes each.</summary>
    public static int Count(ReadOnlySpan<byte> json)
    {
        var count = 0;
        var from = 0;
        while (Next(json, from, out var start, out var length))
        {
            count++;
            from = start + length;
        }

        return count;
    }

    /// <summary>Copies <paramref name="json"/> with every bare literal quoted to <paramref name="output"/> (at least <c>json.Length + 2 × Count(json)</c> bytes); returns the bytes written.</summary>
    public static int Quote(ReadOnlySpan<byte> json, Span<byte> output)
    {
        var written = 0;
        var from = 0;
        while (Next(json, from, out var start, out var length))
        {
            json[from..start].CopyTo(output[written..]);
            written += start - from;
            output[written++] = (byte)'"';
            json.Slice(start, length).CopyTo(output[written..]);
            written += length;
            output[written++] = (byte)'"';
            from = start + length;
        }

        json[from..].CopyTo(output[written..]);
        return written + json.Length - from;
    }

    /// <summary>Finds the next bare literal at or after <paramref name="from"/>, which lies outside any string.</summary>
    private static bool Next(ReadOnlySpan<byte> json, int from, out int start, out int length)
    {
        var inString = false;
        var escaped = false;
        var valueMayStart = false;
        for (var i = from; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (c == (byte)'\\')
                {
                    escaped = true;
                }
                else if (c == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)':' or (byte)',' or (byte)'[':
                    valueMayStart = true;
                    continue;
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'N' or (byte)'I' or (byte)'-' when valueMayStart:
                    length = LiteralAt(json[i..]);
                    if (length > 0)
                    {
                        start = i;
                        return true;
                    }

                    break;
            }

            valueMayStart = false;
        }

        start = json.Length;
        length = 0;
        return false;
    }

    /// <summary>The length of the literal <paramref name="rest"/> starts with, if it ends at a delimiter; otherwise 0.</summary>
    private static int LiteralAt(ReadOnlySpan<byte> rest)
    {
        var length = rest.StartsWith(NaN) ? NaN.Length
            : rest.StartsWith(Infinity) ? Infinity.Length
            : rest.StartsWith(NegativeInfinity) ? NegativeInfinity.Length
            : 0;
        if (length == 0 || length == rest.Length)
        {
            return length;
        }

        return rest[length] is (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' ? length : 0;
    }
}
