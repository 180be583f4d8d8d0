namespace Tickwatch.ClusterHarness;

/// <summary>One AutoCutoff decision committed for an account (<c>stop_out_started</c>, <c>close_position</c>, <c>stop_out_finished</c>, …): the margin level it was decided on and the fence of the stop-out that took it.</summary>
internal sealed record StopOutDecision(string Decision, string? OrderId, decimal? MarginLevel, long? Fence, DateTimeOffset At);
