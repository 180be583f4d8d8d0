using System.Globalization;
using System.Text.RegularExpressions;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>Reads samples out of the gateway's Prometheus text.</summary>
internal static class MetricsText
{
    /// <summary>The value of an unlabelled sample, or -1 when there is none.</summary>
    public static double Sample(string text, string name)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(name) + @"(?:\{[^}]*\})? (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }
}
