namespace Tickwatch.Trading.Store;

/// <summary>What a restore of one account did.</summary>
/// <param name="Restored">False when the store held the account at the restored revision or above and left it alone.</param>
/// <param name="RevisionBefore">The account's revision in the store before; 0 when it was absent.</param>
public sealed record AccountRestoreOutcome(bool Restored, long RevisionBefore);
