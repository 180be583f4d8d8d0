using System.Globalization;

namespace Tickwatch.Storage.Prices;

/// <summary>Prices as text in stores and messages: the exact decimal, invariant culture, never through a double.</summary>
public static class ExactDecimal
{
    // Exponents are accepted on read: the reference's Python writer may have stored str(float), e.g. "1e-06".
    private const NumberStyles ReadStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out decimal value) =>
        decimal.TryParse(text, ReadStyles, CultureInfo.InvariantCulture, out value);

    public static decimal Parse(string? text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a decimal price.");
}
