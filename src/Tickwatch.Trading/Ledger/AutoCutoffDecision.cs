namespace Tickwatch.Trading.Ledger;

/// <summary>What AutoCutoff decided about an account, and on what figures.</summary>
/// <param name="Decision">What it decided: <c>margin_call</c>, <c>liquidate</c>, <c>close_position</c>, <c>recovered</c>, ...</param>
/// <param name="MarginLevel">The margin level (%) it decided on, when known.</param>
/// <param name="Equity">The equity it decided on, account currency.</param>
/// <param name="UsedMargin">The used margin it decided on, account currency.</param>
/// <param name="OrderId">The position it closed, if any.</param>
/// <param name="Reason">Its reason in a sentence.</param>
public sealed record AutoCutoffDecision(string Decision, decimal? MarginLevel, decimal? Equity, decimal? UsedMargin, string? OrderId, string? Reason);
