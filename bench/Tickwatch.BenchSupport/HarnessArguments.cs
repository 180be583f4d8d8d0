namespace Tickwatch.BenchSupport;

/// <summary>A harness's command line: <c>--name value</c> pairs, each name checked against those the harness knows.</summary>
public static class HarnessArguments
{
    /// <summary>The values by name (without the dashes); a stray word, a name without a value or an unknown name throws with <paramref name="usage"/>.</summary>
    public static Dictionary<string, string> Parse(string[] args, IReadOnlyCollection<string> known, string usage)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(known);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.{Environment.NewLine}{usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown}.{Environment.NewLine}{usage}");
        }

        return values;
    }

    /// <summary><c>K=V,K=V</c> as pairs; none when <paramref name="list"/> is null.</summary>
    public static Dictionary<string, string> Pairs(string? list) =>
        list is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : list.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
}
