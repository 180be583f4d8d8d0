namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>The body of <c>GET /api/debug/diagnosis</c>: the guide's tables judged against live figures.</summary>
/// <param name="Timestamp">When the figures were taken.</param>
/// <param name="Status">The worst severity found: <c>ok</c>, <c>warning</c> or <c>critical</c>.</param>
/// <param name="Summary">One line: the counts and the titles of what is wrong.</param>
/// <param name="Counts">Checks at each severity.</param>
/// <param name="Findings">What is wrong, critical first.</param>
/// <param name="Passed">The checks that found nothing wrong.</param>
public sealed record DiagnosisReport(
    DateTimeOffset Timestamp,
    Severity Status,
    string Summary,
    DiagnosisCounts Counts,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<PassedCheck> Passed);
