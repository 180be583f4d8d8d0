namespace Tickwatch.Trading.Store;

/// <summary>The result of a commit: its status, the account's revision after it, and for a repeat the first answer.</summary>
/// <param name="Status">How the commit ended.</param>
/// <param name="Revision">The account's revision after it.</param>
/// <param name="PriorResult">For a <see cref="CommitStatus.Duplicate"/>, the answer kept under its idempotency key.</param>
/// <param name="FirstOrderSeq">
/// For a written commit with orders, the order event sequence number of its first order (the others follow, +1 each, in
/// the commit's order); null otherwise.
/// </param>
public readonly record struct CommitOutcome(CommitStatus Status, long Revision, string? PriorResult = null, long? FirstOrderSeq = null);
