namespace Tickwatch.Feeds.Codecs;

/// <summary>Reads a decimal written plainly (digits and at most one point), exactly and without allocating: how feeds write prices.</summary>
internal static class PlainDecimal
{
    // 19 decimal digits always fit in a ulong mantissa.
    private const int MaxPlainDigits = 19;

    /// <summary>
    /// The fast path for how prices are written: an optional minus, up to 19 digits and at most one
    /// decimal point, no exponent. Exact (the digits become the decimal's mantissa, the decimals its
    /// scale) and several times faster than the general parsers, which handle everything else.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out decimal value)
    {
        value = default;
        var negative = !text.IsEmpty && text[0] == (byte)'-';
        var i = negative ? 1 : 0;
        if (i == text.Length || text.Length - i > MaxPlainDigits + 1)
        {
            return false;
        }

        ulong mantissa = 0;
        var digits = 0;
        var point = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var digit = unchecked((uint)(c - '0'));
            if (digit <= 9)
            {
                mantissa = unchecked((mantissa * 10) + digit);
                digits++;
            }
            else if (c == (byte)'.' && point < 0)
            {
                point = digits;
            }
            else
            {
                return false;
            }
        }

        // At least one digit on each side of a point, as JSON requires of numbers.
        if (digits is 0 or > MaxPlainDigits || point == 0 || point == digits)
        {
            return false;
        }

        var scale = point < 0 ? 0 : digits - point;
        value = new decimal(unchecked((int)(uint)mantissa), unchecked((int)(uint)(mantissa >> 32)), 0, negative, (byte)scale);
        return true;
    }
}
