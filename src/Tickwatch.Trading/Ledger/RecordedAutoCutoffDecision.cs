namespace Tickwatch.Trading.Ledger;

/// <summary>An AutoCutoff decision as the ledger holds it.</summary>
/// <param name="Event">The event that recorded it.</param>
/// <param name="Decision">The decision and its figures.</param>
/// <param name="At">When it was made.</param>
public sealed record RecordedAutoCutoffDecision(LedgerEventId Event, AutoCutoffDecision Decision, DateTimeOffset At);
