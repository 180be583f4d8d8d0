using System.Globalization;

namespace Tickwatch.Cli.Operations;

/// <summary>Reads an interval as an operator writes it: <c>60s</c>, <c>2m</c>, <c>500ms</c>, <c>1h</c>, <c>00:01:00</c> or plain seconds.</summary>
internal static class IntervalParser
{
    public static bool TryParse(string? text, out TimeSpan interval)
    {
        interval = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count))
            {
                return Positive(TimeSpan.FromSeconds(count * seconds), out interval);
            }
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var plain))
        {
            return Positive(TimeSpan.FromSeconds(plain), out interval);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && Positive(parsed, out interval);
    }

    private static bool Positive(TimeSpan value, out TimeSpan interval)
    {
        interval = value;
        return value > TimeSpan.Zero;
    }
}
