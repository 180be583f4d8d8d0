using System.Globalization;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>
/// Market fills differ from the prices their clients sent at an unusual rate: clients will say "the price I was shown
/// is not the price I got", and the worst cases' forensics say why.
/// </summary>
public sealed class ExecutionsDifferFromViewRule : IDiagnosisRule
{
    /// <summary>Fewer compared fills than this in the window say nothing about a rate.</summary>
    public const int MinimumCompared = 20;

    public string Id => "executions_differ_from_view";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Trading?.ViewMismatch is not { } views)
        {
            return RuleOutcome.NotApplicable;
        }

        var evidence = new Dictionary<string, object?>
        {
            ["window_seconds"] = views.WindowSeconds,
            ["threshold_pips"] = views.ThresholdPips,
            ["compared_fills"] = views.Compared,
            ["differing_fills"] = views.Differing,
            ["fills_without_client_price"] = views.WithoutQuote,
            ["differing_rate"] = views.DifferingRate,
        };
        if (views.Compared < MinimumCompared || views.DifferingRate is not { } rate || rate <= views.UnusualRate)
        {
            return RuleOutcome.Ok(Id, "Market fills match the prices clients sent", evidence);
        }

        evidence["worst"] = views.Worst;
        var worst = views.Worst.Count > 0 ? views.Worst[0] : null;
        var minutes = (views.WindowSeconds / 60.0).ToString("0", CultureInfo.InvariantCulture);
        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Warning,
            "Executions differ from what clients saw",
            Invariant($"{views.Differing} of {views.Compared} market fills in the last {minutes} minutes ({rate * 100:0}%) were more than {views.ThresholdPips} pips worse than the price the client sent"),
            worst is null
                ? "Prices moved between the clients' view and their orders more than usual."
                : Invariant($"Worst: order {worst.OrderId} ({worst.Account}, {worst.Symbol}) filled at {worst.ExecutedPrice}, {worst.DifferencePips} pips from the {worst.SeenPrice} its client sent."),
            evidence,
            worst is null
                ? "Read the forensics of a recent order: GET /api/debug/forensics/orders/{id}."
                : $"Read why: GET {worst.Forensics} (slow clients, stale views and diverging feeds are named there); check the feeds with GET /api/debug/market-data."));
    }
}
