using System.Text.Json;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Portfolio;

/// <summary>
/// A stored portfolio as JSON for clients, with the names of the reference's hash and of the account route
/// (<c>calc_status</c>, <c>degraded_symbols</c>, <c>balance</c>, <c>equity</c>, …, <c>margin_level</c>) and exact decimals.
/// </summary>
/// <remarks>
/// A figure the portfolio lacks is absent, never 0 (reference defect 4): a degraded portfolio has its balance, the
/// symbols that stopped it with their reasons, and no figures.
/// </remarks>
public static class PortfolioJson
{
    /// <summary>Writes the portfolio as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, AccountPortfolio portfolio)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(portfolio);
        json.WriteStartObject();
        json.WriteString("account", portfolio.Account.ToString());
        Figures(
            json, portfolio.DegradedSymbols, portfolio.Balance, portfolio.Equity, portfolio.OpenPnl, portfolio.TotalPnl, portfolio.UsedMargin, portfolio.UsedMarginExecuted, portfolio.FreeMargin, portfolio.MarginLevel);
        json.WriteString("computed_at", portfolio.ComputedAt);
        json.WriteStartObject("quote_sequences");
        foreach (var (symbol, sequence) in portfolio.QuoteSequences.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(symbol, sequence);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Writes a valuation's status and figures (<c>calc_status</c> to <c>margin_level</c>) into the object being written: the account route's portfolio.</summary>
    public static void WriteFigures(Utf8JsonWriter json, PortfolioValuation valuation)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(valuation);
        Figures(
            json, valuation.DegradedSymbols, valuation.Balance, valuation.Equity, valuation.OpenPnl, valuation.TotalPnl, valuation.UsedMargin, valuation.UsedMarginExecuted, valuation.FreeMargin, valuation.MarginLevel);
    }

    // One list of names for the stored portfolio and the valuation of the account route, so the two never drift apart.
    private static void Figures(
        Utf8JsonWriter json,
        IReadOnlyDictionary<string, RefusalReason> degraded,
        decimal balance,
        decimal? equity,
        decimal? openPnl,
        decimal? totalPnl,
        decimal? usedMargin,
        decimal? usedMarginExecuted,
        decimal? freeMargin,
        decimal? marginLevel)
    {
        json.WriteString("calc_status", degraded.Count > 0 ? "degraded" : "ok");
        json.WriteStartObject("degraded_symbols");
        foreach (var (symbol, reason) in degraded.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            json.WriteString(symbol, TradingWire.Of(reason));
        }

        json.WriteEndObject();
        json.WriteNumber("balance", balance);
        Optional(json, "equity", equity);
        Optional(json, "open_pnl", openPnl);
        Optional(json, "total_pl", totalPnl);
        Optional(json, "used_margin", usedMargin);
        Optional(json, "used_margin_executed", usedMarginExecuted);
        Optional(json, "used_margin_all", usedMargin);
        Optional(json, "free_margin", freeMargin);
        Optional(json, "margin_level", marginLevel);
    }

    private static void Optional(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
