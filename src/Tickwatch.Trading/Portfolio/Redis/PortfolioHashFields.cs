using System.Globalization;
using Tickwatch.Core.Trading;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Trading.Portfolio.Redis;

/// <summary>
/// The fields of <c>user_portfolio:{live:42}</c>: the reference's (equity, balance, free_margin, used_margin,
/// used_margin_executed, used_margin_all, margin_level, open_pnl, total_pl, ts, calc_status) plus Tickwatch's
/// <c>degraded_symbols</c> (<c>USDJPY:STALE_PRICE</c>) and <c>quote_sequences</c> (<c>EURUSD:981,USDJPY:55</c>).
/// </summary>
/// <remarks>Decimals are their exact invariant text; a figure the portfolio lacks has no field (deleted), never 0.</remarks>
internal static class PortfolioHashFields
{
    public const string Equity = "equity";
    public const string Balance = "balance";
    public const string FreeMargin = "free_margin";
    public const string UsedMargin = "used_margin";
    public const string UsedMarginExecuted = "used_margin_executed";
    public const string UsedMarginAll = "used_margin_all";
    public const string MarginLevel = "margin_level";
    public const string OpenPnl = "open_pnl";
    public const string TotalPnl = "total_pl";
    public const string Timestamp = "ts";
    public const string CalcStatus = "calc_status";
    public const string DegradedSymbols = "degraded_symbols";
    public const string QuoteSequences = "quote_sequences";

    /// <summary>The fields to set, and the optional fields to delete because the portfolio lacks them.</summary>
    public static (List<KeyValuePair<string, string>> Set, List<string> Delete) Of(AccountPortfolio portfolio)
    {
        var set = new List<KeyValuePair<string, string>>(13)
        {
            new(Balance, ExactDecimal.Format(portfolio.Balance)),
            new(Timestamp, portfolio.ComputedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            new(CalcStatus, portfolio.CalcStatus),
        };
        var delete = new List<string>(9);
        void Optional(string name, string? value)
        {
            if (value is null)
            {
                delete.Add(name);
            }
            else
            {
                set.Add(new(name, value));
            }
        }

        string? Text(decimal? value) => value is { } v ? ExactDecimal.Format(v) : null;
        Optional(Equity, Text(portfolio.Equity));
        Optional(FreeMargin, Text(portfolio.FreeMargin));
        Optional(UsedMargin, Text(portfolio.UsedMargin));
        Optional(UsedMarginExecuted, Text(portfolio.UsedMarginExecuted));
        Optional(UsedMarginAll, Text(portfolio.UsedMargin));
        Optional(MarginLevel, Text(portfolio.MarginLevel));
        Optional(OpenPnl, Text(portfolio.OpenPnl));
        Optional(TotalPnl, Text(portfolio.TotalPnl));
        Optional(DegradedSymbols, portfolio.IsDegraded ? portfolio.DegradedText() : null);
        Optional(QuoteSequences, portfolio.QuoteSequences.Count > 0
            ? string.Join(',', portfolio.QuoteSequences.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + ":" + s.Value.ToString(CultureInfo.InvariantCulture)))
            : null);
        return (set, delete);
    }

    /// <summary>The portfolio a stored hash holds; a field that cannot be read throws <see cref="FormatException"/> naming it.</summary>
    public static AccountPortfolio PortfolioOf(AccountId account, IReadOnlyDictionary<string, string> hash) => new()
    {
        Account = account,
        Balance = Decimal(hash, Balance) ?? throw new FormatException($"{Balance}: missing."),
        ComputedAt = DateTimeOffset.FromUnixTimeMilliseconds(
            hash.TryGetValue(Timestamp, out var ts) && long.TryParse(ts, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                ? ms
                : throw new FormatException($"{Timestamp}: '{ts}' is not unix milliseconds.")),
        Equity = Decimal(hash, Equity),
        FreeMargin = Decimal(hash, FreeMargin),
        UsedMargin = Decimal(hash, UsedMarginAll) ?? Decimal(hash, UsedMargin),
        UsedMarginExecuted = Decimal(hash, UsedMarginExecuted),
        MarginLevel = Decimal(hash, MarginLevel),
        OpenPnl = Decimal(hash, OpenPnl),
        TotalPnl = Decimal(hash, TotalPnl),
        DegradedSymbols = Pairs(hash, DegradedSymbols, (field, text) =>
            TradingWire.TryParseRefusal(text, out var reason) ? reason : throw new FormatException($"{field}: '{text}' is not a refusal reason.")),
        QuoteSequences = Pairs(hash, QuoteSequences, (field, text) =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : throw new FormatException($"{field}: '{text}' is not a sequence.")),
    };

    // An absent field is null, never 0 (reference defect 4); a present one must be an exact decimal.
    private static decimal? Decimal(IReadOnlyDictionary<string, string> hash, string field) =>
        !hash.TryGetValue(field, out var text) ? null
        : ExactDecimal.TryParse(text, out var value) ? value
        : throw new FormatException($"{field}: '{text}' is not a decimal.");

    private static Dictionary<string, T> Pairs<T>(IReadOnlyDictionary<string, string> hash, string field, Func<string, string, T> parse)
    {
        var pairs = new Dictionary<string, T>(StringComparer.Ordinal);
        if (!hash.TryGetValue(field, out var text) || text.Length == 0)
        {
            return pairs;
        }

        foreach (var item in text.Split(','))
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"{field}: '{item}' is not SYMBOL:VALUE.");
            }

            pairs[item[..colon]] = parse(field, item[(colon + 1)..]);
        }

        return pairs;
    }
}
