using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tickwatch.IntegrationTests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every line must be a HELP, TYPE or comment line
/// or a well-formed sample; a family's TYPE comes before its samples, which are contiguous; no series appears twice;
/// sample names fit their family's type. Anything else throws <see cref="FormatException"/> naming the line.
/// </summary>
public sealed partial class PrometheusExposition
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    private PrometheusExposition(IReadOnlyDictionary<string, string> familyTypes, IReadOnlyList<PrometheusSample> samples)
    {
        FamilyTypes = familyTypes;
        Samples = samples;
    }

    /// <summary>Family name to its TYPE.</summary>
    public IReadOnlyDictionary<string, string> FamilyTypes { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public IEnumerable<PrometheusSample> Series(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public PrometheusSample Single(string name, params (string Key, string Value)[] labels)
    {
        var matching = Series(name).Where(s => labels.All(l => s.Label(l.Key) == l.Value)).ToList();
        return matching.Count == 1
            ? matching[0]
            : throw new InvalidOperationException(
                $"{matching.Count} series of {name} match {string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))}; series: {string.Join("; ", Series(name))}");
    }

    public static PrometheusExposition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1} \"{line}\"";
            if (line.Length == 0)
            {
                // Only the final newline leaves an empty last element; blank lines are allowed and mean nothing.
                continue;
            }

            if (line.StartsWith('#'))
            {
                var comment = CommentLine().Match(line);
                if (!comment.Success)
                {
                    continue;
                }

                var family = comment.Groups["name"].Value;
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    var type = comment.Groups["rest"].Value;
                    if (!Types.Contains(type))
                    {
                        throw new FormatException($"Unknown type at {where}.");
                    }

                    if (!types.TryAdd(family, type))
                    {
                        throw new FormatException($"Second TYPE for {family} at {where}.");
                    }
                }

                Switch(ref current, family, finished, where);
                continue;
            }

            var sample = ParseSample(line, where);
            var owner = FamilyOf(sample.Name, types) ?? throw new FormatException($"Sample without a TYPE at {where}.");
            Switch(ref current, owner, finished, where);
            if (!seen.Add(sample.ToString().Split(' ')[0]))
            {
                throw new FormatException($"Duplicate series at {where}.");
            }

            samples.Add(sample);
        }

        return new PrometheusExposition(types, samples);
    }

    private static void Switch(ref string? current, string family, HashSet<string> finished, string where)
    {
        if (current == family)
        {
            return;
        }

        if (finished.Contains(family))
        {
            throw new FormatException($"Family {family} resumes after other families at {where}.");
        }

        if (current is not null)
        {
            finished.Add(current);
        }

        current = family;
    }

    /// <summary>The family a sample belongs to: its own name, or for histograms and summaries the name without the suffix.</summary>
    private static string? FamilyOf(string sample, Dictionary<string, string> types)
    {
        if (types.TryGetValue(sample, out var type))
        {
            return type is "histogram" ? null : sample;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal)
                && types.TryGetValue(sample[..^suffix.Length], out var owner)
                && (owner == "histogram" || (owner == "summary" && suffix != "_bucket")))
            {
                return sample[..^suffix.Length];
            }
        }

        return null;
    }

    private static PrometheusSample ParseSample(string line, string where)
    {
        var name = MetricName().Match(line);
        if (!name.Success)
        {
            throw new FormatException($"Bad metric name at {where}.");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = name.Length;
        if (at < line.Length && line[at] == '{')
        {
            at = ParseLabels(line, at + 1, labels, where);
        }

        var rest = line[at..];
        if (!rest.StartsWith(' '))
        {
            throw new FormatException($"No space before the value at {where}.");
        }

        var parts = rest[1..].Split(' ');
        if (parts.Length is < 1 or > 2 || (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"Expected a value and an optional timestamp at {where}.");
        }

        return new PrometheusSample(name.Value, labels, ParseValue(parts[0], where));
    }

    private static int ParseLabels(string line, int at, Dictionary<string, string> labels, string where)
    {
        while (true)
        {
            if (at < line.Length && line[at] == '}')
            {
                return at + 1;
            }

            var label = LabelName().Match(line, at);
            if (!label.Success || label.Index != at || at + label.Length + 1 >= line.Length || line[at + label.Length] != '=' || line[at + label.Length + 1] != '"')
            {
                throw new FormatException($"Bad label at column {at + 1} of {where}.");
            }

            at += label.Length + 2;
            var value = new StringBuilder();
            while (true)
            {
                if (at >= line.Length)
                {
                    throw new FormatException($"Unterminated label value at {where}.");
                }

                var c = line[at++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    var escaped = at < line.Length ? line[at++] : ' ';
                    value.Append(escaped switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        _ => throw new FormatException($"Bad escape in a label value at {where}."),
                    });
                    continue;
                }

                value.Append(c);
            }

            if (!labels.TryAdd(label.Value, value.ToString()))
            {
                throw new FormatException($"Label {label.Value} twice at {where}.");
            }

            if (at < line.Length && line[at] == ',')
            {
                at++;
            }
            else if (at >= line.Length || line[at] != '}')
            {
                throw new FormatException($"Expected , or }} after a label at {where}.");
            }
        }
    }

    private static double ParseValue(string text, string where) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"Bad value \"{text}\" at {where}."),
    };

    [GeneratedRegex("^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) ?(?<rest>.*)$")]
    private static partial Regex CommentLine();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex("[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();
}
