using System.Globalization;
using System.Runtime;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Gateway.Streaming;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The gateway process's settings as it runs with them (its bound stream options, defaults included, and its GC), read
/// in the gateway process, so the report says what was measured rather than what was asked for.
/// </summary>
internal static class EffectiveSettings
{
    public static IReadOnlyList<string> Describe(StreamOptions stream, GatewayOptions gateway)
    {
        // Every public property, so a setting added to the stream options shows up here without a harness change.
        var settings = typeof(StreamOptions).GetProperties()
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{StreamOptions.SectionName}:{p.Name}={Format(p.GetValue(stream))}")
            .ToList();
        settings.Add($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.InlineSocketScheduling)}={gateway.InlineSocketScheduling}");
        settings.Add($"GC={(GCSettings.IsServerGC ? "server" : "workstation")} {GCSettings.LatencyMode}");
        return settings;
    }

    private static string Format(object? value) => value switch
    {
        null => "(system)",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
