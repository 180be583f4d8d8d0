using System.Text.Json;
using Tickwatch.Core.Prices;
using Tickwatch.Market.Health;

namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>Builds the market-data report from one snapshot of the price book.</summary>
public static class MarketDataReportBuilder
{
    private const int RecentRejectionLimit = 50;

    public static MarketDataReport Build(PriceBook book, DateTimeOffset now, TimeSpan defaultMaxQuoteAge)
    {
        ArgumentNullException.ThrowIfNull(book);
        var snapshots = book.Snapshot();
        // The health checks' own count, so the report and readiness never disagree (closed symbols left out of the rate).
        var tally = FreshnessTally.Of(snapshots);
        var freshness = new DataFreshnessSection(
            tally.Total,
            tally.Fresh,
            tally.Stale.Count,
            tally.Missing.Count,
            Math.Round(tally.Fraction * 100, 2),
            tally.Stale,
            tally.Missing,
            snapshots.Where(s => s.Quote is { IsWarmup: true }).Select(s => s.Symbol).ToList(),
            defaultMaxQuoteAge.TotalSeconds)
        {
            ClosedSymbols = tally.Closed.Count,
            ClosedSymbolList = tally.Closed,
        };

        var divergent = snapshots
            .Where(s => s.IsDivergent)
            .Select(s => new DivergentSymbol(
                s.Symbol,
                s.FeedDivergence!.Value,
                s.Settings.MaxFeedDivergence,
                s.Feeds.ToDictionary(f => f.Feed, f => f.Mid, StringComparer.Ordinal)))
            .ToList();
        var stats = book.Statistics;
        var consistency = new PriceConsistencySection(
            divergent.Count == 0,
            divergent.Count,
            divergent,
            stats.Rejected.ToDictionary(r => Name(r.Key), r => r.Value, StringComparer.Ordinal),
            stats.Rejected[QuoteRejection.Crossed],
            stats.Duplicates,
            stats.OutOfOrder,
            stats.Superseded,
            snapshots
                .Where(s => s.LastRejection is not null)
                .Select(s => (s.Symbol, Rejection: s.LastRejection!))
                .OrderByDescending(r => r.Rejection.At)
                .Take(RecentRejectionLimit)
                .Select(r => new RejectionView(r.Symbol, Name(r.Rejection.Reason), r.Rejection.Feed, r.Rejection.Bid, r.Rejection.Ask, r.Rejection.At))
                .ToList())
        {
            TradesOutsideQuote = stats.TradesOutsideQuote,
            SymbolsWithTradeOutsideQuote = [.. snapshots.Where(s => s.LastTradeOutsideQuote).Select(s => s.Symbol)],
        };

        return new MarketDataReport(
            now,
            freshness,
            snapshots.ToDictionary(s => s.Symbol, s => Analyse(s, now), StringComparer.Ordinal),
            consistency,
            new BookStatisticsSection(stats.Accepted, stats.Incomplete, stats.Duplicates, stats.OutOfOrder, stats.Superseded, stats.RejectedTotal, stats.IncompleteStaleSide)
            {
                TradesAccepted = stats.TradesAccepted,
                TradesOlder = stats.TradesOlder,
                TradesRefused = stats.TradesRefused,
            });
    }

    private static SymbolAnalysis Analyse(SymbolPriceSnapshot s, DateTimeOffset now)
    {
        var quote = s.Quote;
        return new SymbolAnalysis(
            quote?.Bid,
            quote?.Ask,
            quote?.Spread,
            s.Age is { } age ? Seconds(age) : null,
            Name(s.Freshness),
            s.Freshness == Freshness.Fresh,
            quote?.IsWarmup ?? false,
            quote?.Feed,
            quote?.BookSequence,
            quote?.SourceSequence,
            quote?.SourceTime,
            quote?.ReceivedAt,
            s.Settings.MaxQuoteAge.TotalSeconds,
            s.Feeds.ToDictionary(
                f => f.Feed,
                f => new FeedQuoteView(f.Bid, f.Ask, Seconds(now - f.ReceivedAt), PriceFreshness.IsWithinMaxAge(f.ReceivedAt, s.Settings, now), f.FeedSession, f.SourceSequence, f.SourceTime),
                StringComparer.Ordinal),
            s.FeedDivergence,
            !s.IsDivergent,
            s.Accepted,
            s.Duplicates,
            s.OutOfOrder,
            s.Superseded,
            Enum.GetValues<QuoteRejection>()
                .Where(r => r != QuoteRejection.None && s.Rejected[(int)r] > 0)
                .ToDictionary(r => Name(r), r => s.Rejected[(int)r], StringComparer.Ordinal))
        {
            LastTrade = s.LastTrade is { } trade
                ? new LastTradeView(trade.Price, trade.TradeId, trade.Feed, trade.SourceTime, trade.ReceivedAt, Seconds(now - trade.ReceivedAt), s.LastTradeOutsideQuote, s.Settings.TradeTolerance)
                : null,
            TradesOutsideQuote = s.TradesOutsideQuote,
        };
    }

    private static double Seconds(TimeSpan age) => Math.Round(age.TotalSeconds, 3);

    private static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
