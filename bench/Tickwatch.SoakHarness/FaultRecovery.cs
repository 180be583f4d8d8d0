namespace Tickwatch.SoakHarness;

/// <summary>One injected fault: what, when, how long its effect lasted, and when prices were seen flowing again everywhere after it.</summary>
internal sealed record FaultRecovery(SoakFault Kind, double AtSeconds, double EndedAtSeconds, string Detail, double? RecoveredAfterSeconds);
