using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Forensics;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Market.Forensics;

/// <summary>
/// Gathers the evidence of an order's executions or of a refusal (the quote lineage the engine recorded, what the
/// gateways showed the user before, each feed's price at that instant) and has each decision judged.
/// </summary>
public sealed class OrderForensics(
    ITradingStore store,
    TradingEngine engine,
    GatewayShownPrices gateways,
    IOptions<OrderForensicsOptions> options,
    IOptions<TradingOptions> trading,
    IFeedPriceHistory? feeds = null)
{
    private readonly OrderForensicsOptions _options = options.Value;

    /// <summary>The forensics of an order; null when neither the journal nor <paramref name="account"/> finds it.</summary>
    public async Task<OrderForensicsReport?> ForOrderAsync(string orderId, AccountId? account, CancellationToken cancellationToken)
    {
        if ((account ?? engine.Statistics.Journal.AccountOf(orderId)) is not { } owner
            || await store.ReadOrderAsync(owner, orderId, cancellationToken).ConfigureAwait(false) is not { } order)
        {
            return null;
        }

        var terms = await store.ReadTermsAsync(order.Group, order.Symbol, cancellationToken).ConfigureAwait(false);
        var decisions = new List<DecisionForensics>(2);
        var sources = new List<string>();
        if (order.OpenQuote is { } open)
        {
            decisions.Add(await JudgeAsync("open", owner, Evidence(order.Symbol, order.Side, open, order.OpenPrice, terms) with { Client = order.ClientQuote }, sources, cancellationToken)
                .ConfigureAwait(false));
        }

        if (order.CloseQuote is { } close)
        {
            // A close is judged against the client's view only: the quote it sent was for the opening.
            decisions.Add(await JudgeAsync("close", owner, Evidence(order.Symbol, OrderTypeRules.Opposite(order.Side), close, order.ClosePrice, terms), sources, cancellationToken)
                .ConfigureAwait(false));
        }

        var note = decisions.Count == 0 ? $"Order {order.Id} is {TradingWire.Of(order.Status)} and has not executed: there is no price to explain yet." : null;
        return new OrderForensicsReport(owner.ToString(), JsonNode.Parse(OrderJson.Write(order)), null, decisions, sources.Distinct().ToList(), FeedSource(), note);
    }

    /// <summary>The forensics of a refusal the engine still holds in its journal; null when it does not.</summary>
    public async Task<OrderForensicsReport?> ForRefusalAsync(string refusalId, CancellationToken cancellationToken)
    {
        if (engine.Statistics.Journal.Refusal(refusalId) is not { } refusal || !AccountId.TryParse(refusal.Account, out var account))
        {
            return null;
        }

        var decisions = new List<DecisionForensics>(1);
        var sources = new List<string>();
        if (refusal.Symbol is { } symbol)
        {
            var group = (await store.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false))?.Account.Group;
            var terms = group is null ? null : await store.ReadTermsAsync(group, symbol, cancellationToken).ConfigureAwait(false);
            var evidence = new MismatchEvidence
            {
                Symbol = symbol,
                Side = refusal.Side ?? TradeSide.Buy,
                DecidedAt = refusal.At,
                Pip = terms?.SpreadPip ?? 0m,
                HalfSpread = refusal.Quote?.HalfSpread ?? terms?.HalfSpread ?? 0m,
                Quote = refusal.Quote,
                Client = refusal.ClientQuote,
                RefusalReason = refusal.Reason,
                ExecutablePrice = refusal.ExecutablePrice,
                MaxQuoteAge = trading.Value.ExecutionAgeOf(symbol),
            };
            decisions.Add(await JudgeAsync("refused", account, evidence, sources, cancellationToken).ConfigureAwait(false));
        }

        var note = decisions.Count == 0 ? $"The refusal concerned {refusal.Subject}, not a listed symbol: no price was involved." : null;
        return new OrderForensicsReport(account.ToString(), null, refusal, decisions, sources.Distinct().ToList(), FeedSource(), note);
    }

    private static MismatchEvidence Evidence(string symbol, TradeSide side, QuoteLineage quote, decimal? executed, GroupSymbolTerms? terms) => new()
    {
        Symbol = symbol,
        Side = side,
        DecidedAt = quote.ReceivedAt.AddMilliseconds(quote.AgeMilliseconds),
        Pip = terms?.SpreadPip ?? 0m,
        HalfSpread = quote.HalfSpread ?? terms?.HalfSpread ?? 0m,
        ExecutedPrice = executed,
        Quote = quote,
    };

    private async Task<DecisionForensics> JudgeAsync(string decision, AccountId account, MismatchEvidence evidence, List<string> sources, CancellationToken cancellationToken)
    {
        var shown = await gateways.ShownAsync(account, evidence.Symbol, evidence.DecidedAt - _options.ShownLookback, evidence.DecidedAt, cancellationToken).ConfigureAwait(false);
        sources.AddRange(shown.Sources);
        // A feed that had gone quiet by then does not diverge: only prices young enough to trade on are compared.
        var oldest = evidence.DecidedAt - trading.Value.ExecutionAgeOf(evidence.Symbol);
        IReadOnlyList<FeedPrice> atDecision = [.. (feeds?.FeedPricesAt(evidence.Symbol, evidence.DecidedAt) ?? []).Where(f => f.ReceivedAt >= oldest)];
        evidence = evidence with { Shown = shown.Prices, Feeds = atDecision };
        var answer = MismatchAnalysis.Analyse(evidence, new ForensicsThresholds
        {
            SlowClientNewerPrices = _options.SlowClientNewerPrices,
            StaleView = _options.StaleView,
            FeedDivergencePips = _options.FeedDivergencePips,
        });
        return new DecisionForensics(
            decision,
            evidence.DecidedAt,
            evidence.Symbol,
            evidence.Side,
            evidence.ExecutedPrice,
            evidence.Quote,
            evidence.HalfSpread,
            evidence.Client,
            answer.Verdict,
            answer.Summary,
            answer.Findings,
            answer.View,
            answer.ViewPrice,
            answer.DifferencePips,
            answer.FeedDivergencePips,
            [.. shown.Prices.TakeLast(_options.ShownListed)],
            atDecision);
    }

    private string FeedSource() => feeds is null ? "the market service keeps no feed history, so the feeds' prices at each decision are unknown" : "the market service's symbol timeline";
}
