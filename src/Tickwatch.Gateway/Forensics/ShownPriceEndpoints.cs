using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;

namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// <c>GET /api/debug/forensics/shown/{account}?symbol=&amp;from=&amp;to=</c>: what the gateway showed a user of a symbol
/// (the market service's order forensics ask it), and <c>GET /api/debug/forensics/shown</c>: the record's size and counts.
/// </summary>
public static class ShownPriceEndpoints
{
    private const int QuotedLength = 40;

    public static RouteGroupBuilder MapShownPrices(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/forensics/shown", GetReport)
            .WithName("ShownPriceLog")
            .WithSummary("What the gateway remembers of the prices it showed: users, symbols, entries and bytes held, entries recorded and let go of (by window, per-symbol cap, user cap, byte cap).");
        debug.MapGet("/forensics/shown/{account}", GetShown)
            .WithName("ShownPrices")
            .WithSummary("The prices a user was shown of a symbol (?symbol=EURUSD&from=&to=, unix ms or ISO 8601; default the whole window), oldest first, each with its book sequence, bid, ask, feed, receipt and send times, newer prices then and channel (stream or quotes).");
        return debug;
    }

    private static Ok<ShownPriceLogReport> GetReport(ShownPriceLog log) => TypedResults.Ok(log.Report());

    private static Results<Ok<ShownPricesAnswer>, ProblemHttpResult> GetShown(
        string account, string? symbol, string? from, string? to, ShownPriceLog log, SymbolRegistry symbols)
    {
        if (!log.Enabled)
        {
            return Problem(StatusCodes.Status404NotFound, "Not recorded", "Gateway:Forensics:Enabled is false: this gateway keeps no record of the prices it shows.");
        }

        if (!AccountId.TryParse(account, out var id))
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad account", $"account is '{Quoted(account)}'; expected type:id, e.g. live:42.");
        }

        if (string.IsNullOrWhiteSpace(symbol))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing symbol", "Name the symbol: ?symbol=EURUSD.");
        }

        var name = symbol.Trim().ToUpperInvariant();
        if (!symbols.TryGet(name, out _))
        {
            return Problem(StatusCodes.Status400BadRequest, "Unknown symbol", $"symbol '{Quoted(symbol)}' is not listed by the broker.");
        }

        var now = log.Time.GetUtcNow();
        if (!TryParseTime(to, now, out var end))
        {
            return BadTime("to", to!);
        }

        if (!TryParseTime(from, end - log.Options.ShownWindow, out var start))
        {
            return BadTime("from", from!);
        }

        if (start > end)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad window", $"from ({start:O}) is after to ({end:O}).");
        }

        return TypedResults.Ok(log.Read(id, name, start, end));
    }

    /// <summary>Unix milliseconds or an ISO 8601 time; <paramref name="fallback"/> when absent.</summary>
    private static bool TryParseTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        time = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
        {
            var valid = ms is >= -62_135_596_800_000 and <= 253_402_300_799_999;
            time = valid ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : fallback;
            return valid;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static ProblemHttpResult BadTime(string name, string value) =>
        Problem(StatusCodes.Status400BadRequest, "Bad time", $"{name} is '{Quoted(value)}'; expected unix milliseconds (1767225600000) or an ISO 8601 time (2026-01-01T00:00:00Z).");

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);

    // A caller's text goes back cut short: a problem body is no echo chamber.
    private static string Quoted(string text) => text.Length <= QuotedLength ? text : text[..QuotedLength] + "…";
}
