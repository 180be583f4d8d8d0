using Tickwatch.Core.Symbols;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>Makes plausible FX-like instruments <c>SYN0001</c>… for load tests; the same count always gives the same list.</summary>
public static class SyntheticInstruments
{
    /// <summary>Prefix of every synthetic symbol.</summary>
    public const string Prefix = "SYN";

    public static IReadOnlyList<InstrumentSpec> Create(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var width = Math.Max(4, count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var instruments = new InstrumentSpec[count];
        for (var i = 0; i < count; i++)
        {
            var number = i + 1;

            // Spread the reference prices over 0.5 .. 2.5 like the majors, with spreads of about 1.5 pips.
            var reference = 0.50000m + (number % 200 * 0.01000m);
            var spread = 0.00010m + (number % 7 * 0.00002m);
            var ticksPerSecond = 2m + (number % 5);
            var volatility = 0.004m + (number % 6 * 0.001m);
            var symbol = Prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0');
            instruments[i] = new InstrumentSpec(symbol, InstrumentKind.Forex, 5, reference, spread, ticksPerSecond, volatility);
        }

        return instruments;
    }
}
