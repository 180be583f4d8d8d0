using System.Globalization;

namespace Tickwatch.Storage.Diagnostics;

/// <summary>Reads the text replies of <c>INFO</c>, <c>CLUSTER INFO</c> and <c>CLUSTER NODES</c>.</summary>
internal static class ClusterText
{
    /// <summary><c>key:value</c> lines (INFO, CLUSTER INFO); section headers and blank lines are skipped.</summary>
    public static Dictionary<string, string> ParseFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }

    /// <summary>The lines of <c>CLUSTER NODES</c>; malformed lines are skipped.</summary>
    public static List<ClusterNodeLine> ParseNodes(string text)
    {
        var nodes = new List<ClusterNodeLine>();
        foreach (var raw in text.Split('\n'))
        {
            var parts = raw.TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 8 || !TryParseAddress(parts[1], out var host, out var port))
            {
                continue;
            }

            var flags = parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries);
            var ranges = new List<string>();
            var count = 0;
            for (var i = 8; i < parts.Length; i++)
            {
                // "[slot->-node]" and "[slot-<-node]" are slots being migrated, not served.
                if (parts[i].StartsWith('['))
                {
                    continue;
                }

                var dash = parts[i].IndexOf('-', StringComparison.Ordinal);
                if (dash < 0 && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    ranges.Add(parts[i]);
                    count++;
                }
                else if (dash > 0
                    && int.TryParse(parts[i].AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                    && int.TryParse(parts[i].AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                    && last >= first)
                {
                    ranges.Add(parts[i]);
                    count += last - first + 1;
                }
            }

            nodes.Add(new ClusterNodeLine(
                parts[0],
                host,
                port,
                flags,
                parts[3] == "-" ? null : parts[3],
                parts[7],
                new SlotAssignment(ranges, count)));
        }

        return nodes;
    }

    public static int? Int(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static long? Long(Dictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The <c>slaveN:ip=...,port=...,state=...,offset=...,lag=...</c> lines of a master's INFO replication, by host:port.</summary>
    public static Dictionary<string, (long? Offset, int? Lag)> ParseReplicas(Dictionary<string, string> info)
    {
        var replicas = new Dictionary<string, (long?, int?)>(StringComparer.Ordinal);
        foreach (var (key, value) in info)
        {
            if (!key.StartsWith("slave", StringComparison.Ordinal) || !char.IsAsciiDigit(key[^1]))
            {
                continue;
            }

            var parts = value.Split(',')
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            if (parts.TryGetValue("ip", out var ip) && parts.TryGetValue("port", out var port))
            {
                replicas[ip + ":" + port] = (Long(parts, "offset"), Int(parts, "lag"));
            }
        }

        return replicas;
    }

    // "127.0.0.1:7101@17101" or, from Redis 7, "127.0.0.1:7101@17101,hostname".
    private static bool TryParseAddress(string text, out string host, out int port)
    {
        var end = text.IndexOfAny(['@', ',']);
        var address = end < 0 ? text : text[..end];
        var colon = address.LastIndexOf(':');
        host = colon > 0 ? address[..colon] : "";
        port = 0;
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }
}
