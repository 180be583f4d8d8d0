using System.Globalization;

namespace Tickwatch.BenchSupport;

/// <summary>Reads <c>redis-benchmark</c>'s output (<c>-q</c> or <c>--csv</c>) and <c>CLUSTER NODES</c>, without running anything.</summary>
public static class RedisBenchmarkOutput
{
    /// <summary>
    /// The final lines: <c>-q</c> rewrites its progress line with <c>\r</c>, so the last segment of each line is what stayed on screen.
    /// </summary>
    public static string Clean(string output) => string.Join(
        Environment.NewLine,
        output.Split('\n')
            .Select(l => l.Split('\r', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim())
            .Where(l => !string.IsNullOrEmpty(l)));

    /// <summary>
    /// Requests per second of test <paramref name="test"/> (e.g. <c>HSET</c>) from <c>HSET: 231267.34 requests per second, p50=2.431 msec</c>
    /// or the CSV row <c>"HSET","231267.34",...</c>; null when no line gives it.
    /// </summary>
    public static double? RequestsPerSecond(string output, string test)
    {
        foreach (var line in Clean(output).Split(Environment.NewLine).Reverse())
        {
            string? figure = null;
            if (line.StartsWith(test + ":", StringComparison.Ordinal))
            {
                var words = line[(test.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length >= 2 && words[1] == "requests")
                {
                    figure = words[0];
                }
            }
            else if (line.StartsWith("\"" + test + "\",", StringComparison.Ordinal))
            {
                figure = line.Split(',')[1].Trim('"');
            }

            if (figure is not null && double.TryParse(figure, NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond))
            {
                return perSecond;
            }
        }

        return null;
    }

    /// <summary>The ports of every node in a <c>CLUSTER NODES</c> reply (<c>id 127.0.0.1:7801@17801 master - ...</c>), failed ones too.</summary>
    public static IReadOnlyList<int> NodePorts(string clusterNodes)
    {
        var ports = new SortedSet<int>();
        foreach (var line in clusterNodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 2)
            {
                continue;
            }

            // ip:port@cport[,hostname]
            var address = fields[1].Split('@')[0];
            var colon = address.LastIndexOf(':');
            if (colon >= 0 && int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0)
            {
                ports.Add(port);
            }
        }

        return [.. ports];
    }
}
