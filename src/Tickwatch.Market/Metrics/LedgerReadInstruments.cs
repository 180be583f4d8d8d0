using System.Diagnostics.Metrics;
using Tickwatch.Market.Ledger;

namespace Tickwatch.Market.Metrics;

/// <summary>The clients' ledger reads as one counter on the <c>Tickwatch.Trading</c> meter, per route and outcome.</summary>
internal static class LedgerReadInstruments
{
    public static void Register(Meter meter, LedgerReadCounters reads) =>
        meter.CreateObservableCounter(
            MarketMetricNames.LedgerReads,
            () => LedgerReadCounters.Routes.SelectMany(route => LedgerReadCounters.Outcomes.Select(outcome =>
                new Measurement<long>(reads.Read(route, outcome), new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("outcome", outcome)))),
            "{request}",
            "Clients' ledger reads (history, deals, statement) by outcome: ok, invalid (400), unavailable (503).");
}
