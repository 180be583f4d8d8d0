using System.Globalization;

namespace Tickwatch.Core.Prices;

/// <summary>Converts a wire double to the decimal it was meant to be, once, at the codec.</summary>
public static class DecimalConversion
{
    private const int MaxFastScale = 15;
    private const double MaxExactInteger = 9007199254740992d; // 2^53

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    /// <summary>
    /// The decimal with the fewest digits that reads back as exactly <paramref name="value"/>
    /// (shortest round-trip), so that 1.0852 stays 1.0852. False for NaN, infinities and values
    /// outside the decimal range.
    /// </summary>
    public static bool TryFromDouble(double value, out decimal result)
    {
        if (!double.IsFinite(value))
        {
            result = default;
            return false;
        }

        // Fast path: find the smallest scale s with round(v * 10^s) / 10^s == v. Both the integer
        // and the power of ten are exact doubles, so the division is correctly rounded and equals
        // what parsing the digits would give: that is the shortest round-trip representation.
        var magnitude = Math.Abs(value);
        for (var scale = 0; scale <= MaxFastScale; scale++)
        {
            var scaled = Math.Round(magnitude * PowersOfTen[scale], MidpointRounding.ToEven);
            if (scaled >= MaxExactInteger)
            {
                break;
            }

            if (scaled / PowersOfTen[scale] == magnitude)
            {
                var digits = (ulong)scaled;
                result = new decimal(unchecked((int)(uint)digits), unchecked((int)(uint)(digits >> 32)), 0, value < 0, (byte)scale);
                return true;
            }
        }

        return TryFromDoubleByText(value, out result);
    }

    private static bool TryFromDoubleByText(double value, out decimal result)
    {
        Span<char> buffer = stackalloc char[32];
        if (value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture)
            && decimal.TryParse(buffer[..written], NumberStyles.Float, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }

        result = default;
        return false;
    }
}
