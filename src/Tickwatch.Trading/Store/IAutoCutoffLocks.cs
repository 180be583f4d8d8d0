using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Store;

/// <summary>
/// AutoCutoff's shared state in the trading store: each account's stop-out lock (expiring, renewed while its holder
/// works, fenced) and its margin-call rate limit; shared by every market service on the store, kept across restarts.
/// </summary>
/// <remarks>
/// Both trading stores implement it on their own data, so their commit checks a <see cref="AccountCommit.Fence"/>
/// against the same lock: Redis on the account's hash tag (<c>autocutoff:stop_out:{live:42}</c>, with a PX expiry), the
/// embedded store under its lock on its clock.
/// </remarks>
public interface IAutoCutoffLocks
{
    /// <summary>Takes the account's stop-out lock for <paramref name="ttl"/> with a new, higher fence token; null when someone holds it.</summary>
    Task<StopOutFence?> TryLockStopOutAsync(AccountId account, string owner, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends the lock to <paramref name="ttl"/> from now if <paramref name="fence"/> still holds it; false when it was lost (expired or taken).</summary>
    Task<bool> RenewStopOutAsync(StopOutFence fence, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the lock up if <paramref name="fence"/> still holds it (else leaves the new holder's alone).</summary>
    Task ReleaseStopOutAsync(StopOutFence fence, CancellationToken cancellationToken);

    /// <summary>The lock's current value (<c>17:market-a</c>), or null when nobody holds it.</summary>
    Task<string?> ReadStopOutLockAsync(AccountId account, CancellationToken cancellationToken);

    /// <summary>Reserves the account's margin call for <paramref name="window"/>: true for the first caller in the window (send it), false while one was sent.</summary>
    Task<bool> TryReserveMarginCallAsync(AccountId account, TimeSpan window, CancellationToken cancellationToken);
}
