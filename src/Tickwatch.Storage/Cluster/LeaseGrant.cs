namespace Tickwatch.Storage.Cluster;

/// <summary>A lease a store granted (or renewed): its fence token, who holds it, and until when the holder may act on it.</summary>
/// <param name="Name">The lease.</param>
/// <param name="Token">The fence token: rises with every grant of the name, so a write carrying a lower one is refused.</param>
/// <param name="Holder">The holding instance's id.</param>
/// <param name="ValidUntilTimestamp">
/// <see cref="TimeProvider.GetTimestamp"/> by which the store has expired the grant unless renewed: the time the request
/// was sent (not answered) plus the TTL, on the monotonic clock, so a paused process sees it passed when it resumes. The
/// holder stops acting a safety margin earlier (<see cref="ClusterOptions.SafetyMargin"/>).
/// </param>
public sealed record LeaseGrant(LeaseName Name, long Token, string Holder, long ValidUntilTimestamp);
