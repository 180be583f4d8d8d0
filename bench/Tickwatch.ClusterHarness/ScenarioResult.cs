namespace Tickwatch.ClusterHarness;

/// <summary>What one scenario measured: named figures (seconds, counts, rates), per-kill timings for the writer kills, and notes in words.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    IReadOnlyDictionary<string, double?> Figures,
    IReadOnlyList<string> Notes,
    IReadOnlyList<KillTiming>? Kills = null);
