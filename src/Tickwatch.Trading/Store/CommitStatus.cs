namespace Tickwatch.Trading.Store;

/// <summary>How an <see cref="AccountCommit"/> ended.</summary>
public enum CommitStatus
{
    Committed,

    /// <summary>The account changed since the expected revision: nothing was written; read again and recompute.</summary>
    Conflict,

    /// <summary>The idempotency key was used before: nothing was written; the first answer comes back.</summary>
    Duplicate,

    UnknownAccount,

    /// <summary>The commit carried a stop-out fence that no longer holds the account's lock: nothing was written.</summary>
    Fenced,
}
