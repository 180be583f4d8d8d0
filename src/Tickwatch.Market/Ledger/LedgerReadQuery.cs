using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Market.Ledger;

/// <summary>
/// A client's ledger read as its query string says it: the range [<see cref="From"/>, <see cref="To"/>) (by default the
/// last <see cref="DefaultRange"/> up to now, at most <see cref="MaxRange"/>), and for paged reads a limit and the cursor
/// the previous page gave.
/// </summary>
/// <param name="From">The first instant included.</param>
/// <param name="To">The first instant excluded.</param>
/// <param name="Limit">Rows on a page.</param>
/// <param name="After">Where the previous page ended; <see cref="LedgerCursor.Start"/> for the first.</param>
public sealed record LedgerReadQuery(DateTimeOffset From, DateTimeOffset To, int Limit, LedgerCursor After)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);

    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public const int DefaultLimit = 100;

    public const int MaxLimit = 500;

    /// <summary>Reads <c>from</c>, <c>to</c>, <c>limit</c> and <c>cursor</c>; a problem in words for the client when one is wrong.</summary>
    public static LedgerReadQuery? Parse(IQueryCollection query, DateTimeOffset now, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<string>();
        var to = Time(query, "to", problems) ?? now;
        var from = Time(query, "from", problems) ?? to - DefaultRange;
        var limit = DefaultLimit;
        var after = LedgerCursor.Start;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"limit '{limitText}' is not a whole number from 1 to {MaxLimit}."));
        }

        if (query.TryGetValue("cursor", out var cursorText) && !LedgerCursor.TryParse(cursorText.ToString(), out after))
        {
            problems.Add($"cursor '{cursorText}' is not a cursor a previous page gave (next_cursor).");
        }

        if (problems.Count == 0 && from >= to)
        {
            problems.Add("from must be before to.");
        }

        if (problems.Count == 0 && to - from > MaxRange)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"from and to may be at most {MaxRange.TotalDays} days apart; read a longer time in parts."));
        }

        problem = problems.Count > 0 ? string.Join(" ", problems) : null;
        return problem is null ? new LedgerReadQuery(from, to, limit, after) : null;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, List<string> problems)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        // A time without an offset is UTC, the same range on every server.
        if (DateTimeOffset.TryParse(text.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        problems.Add($"{name} '{text}' is not an ISO-8601 time (e.g. 2026-12-01T00:00:00Z; UTC when it has no offset).");
        return null;
    }
}
