using System.Diagnostics.Metrics;
using System.Text.Json;

namespace Tickwatch.Market.Metrics;

/// <summary>Builds measurements with their labels, and the one-hot sets Prometheus uses for states.</summary>
internal static class MetricTags
{
    public static Measurement<long> Count(long value, string key, string label) => new(value, new KeyValuePair<string, object?>(key, label));

    public static Measurement<long> Count(long value, string key1, string label1, string key2, string label2) =>
        new(value, new KeyValuePair<string, object?>(key1, label1), new KeyValuePair<string, object?>(key2, label2));

    public static Measurement<double> Value(double value, string key, string label) => new(value, new KeyValuePair<string, object?>(key, label));

    public static Measurement<double> Value(double value, string key1, string label1, string key2, string label2) =>
        new(value, new KeyValuePair<string, object?>(key1, label1), new KeyValuePair<string, object?>(key2, label2));

    /// <summary>The label value of an enum member, snake_case as the diagnostics endpoints write it.</summary>
    public static string SnakeCase<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>A 0/1 gauge.</summary>
    public static Measurement<int> Flag(bool value, string key, string label) => new(value ? 1 : 0, new KeyValuePair<string, object?>(key, label));

    /// <summary>
    /// One measurement per possible state, 1 for the current one: every series is reported on every scrape,
    /// so a state that was left reads 0 instead of keeping its last value.
    /// </summary>
    public static IEnumerable<Measurement<int>> OneHot(string key, string label, string stateKey, IReadOnlyList<string> states, string current)
    {
        foreach (var state in states)
        {
            yield return new Measurement<int>(
                state == current ? 1 : 0,
                new KeyValuePair<string, object?>(key, label),
                new KeyValuePair<string, object?>(stateKey, state));
        }
    }
}
