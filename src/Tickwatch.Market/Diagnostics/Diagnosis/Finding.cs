namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>One thing the diagnosis found wrong: what an operator sees, why it happens, the figures that show it, and what to do.</summary>
/// <param name="Id">Stable identifier of the finding kind (e.g. <c>websocket_listener_down</c>).</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Title">A few words, as an alert line would say it.</param>
/// <param name="Symptom">What the diagnostics show, in the guide's field names.</param>
/// <param name="RootCause">Why: the guide's root cause, made specific by the live figures.</param>
/// <param name="Evidence">The figures that led to it, by field name.</param>
/// <param name="Action">What to do, in the guide's words where it has them.</param>
public sealed record Finding(
    string Id,
    Severity Severity,
    string Title,
    string Symptom,
    string RootCause,
    IReadOnlyDictionary<string, object?> Evidence,
    string Action);
