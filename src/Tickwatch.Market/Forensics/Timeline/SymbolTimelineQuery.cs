using System.Globalization;

namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>The span and limit of a timeline query, read from <c>?from=&amp;to=&amp;limit=</c> with every problem named.</summary>
/// <param name="From">Start of the span.</param>
/// <param name="To">End of the span.</param>
/// <param name="Limit">Most entries answered.</param>
public sealed record SymbolTimelineQuery(DateTimeOffset From, DateTimeOffset To, int Limit)
{
    /// <summary>The span when <c>from</c> is not given: the last minute before <c>to</c>.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromSeconds(60);

    public const int DefaultLimit = 1_000;

    public const int MaxLimit = 10_000;

    private static readonly long MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// Reads the query: <paramref name="from"/> and <paramref name="to"/> as unix milliseconds or ISO 8601 (UTC unless an
    /// offset is given), <paramref name="to"/> now and <paramref name="from"/> a minute before it by default; the span at
    /// most <paramref name="maxSpan"/>, the limit 1 to <see cref="MaxLimit"/>.
    /// </summary>
    public static bool TryParse(string? from, string? to, string? limit, DateTimeOffset now, TimeSpan maxSpan, out SymbolTimelineQuery query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var end = Instant(to, "to", problems) ?? now;
        var start = Instant(from, "from", problems) ?? end - DefaultSpan;
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            problems.Add($"limit must be a whole number from 1 to {MaxLimit} (was '{Shown(limit)}').");
        }

        if (problems.Count == 0 && start > end)
        {
            problems.Add($"from ({start:O}) must not be after to ({end:O}).");
        }
        else if (problems.Count == 0 && end - start > maxSpan)
        {
            problems.Add($"The span from {start:O} to {end:O} is {(end - start).TotalSeconds:0.###} s; at most {maxSpan.TotalSeconds:0.###} s (the timeline's window) may be asked for at once.");
        }

        query = new SymbolTimelineQuery(start, end, count);
        errors = problems;
        return problems.Count == 0;
    }

    private static DateTimeOffset? Instant(string? text, string name, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            if (ms >= MinUnixMs && ms <= MaxUnixMs)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }
        else if (text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        problems.Add($"{name} must be unix milliseconds (1767605400000) or an ISO 8601 time (2026-01-05T09:30:00Z) (was '{Shown(text)}').");
        return null;
    }

    // A bad value is echoed to say what was wrong, never at any length.
    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
