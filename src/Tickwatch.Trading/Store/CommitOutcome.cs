namespace Tickwatch.Trading.Store;

/// <summary>The result of a commit: its status, the account's revision after it, and for a repeat the first answer.</summary>
public readonly record struct CommitOutcome(CommitStatus Status, long Revision, string? PriorResult = null);
