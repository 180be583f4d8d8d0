namespace Tickwatch.Storage.Cluster;

/// <summary>A lease this instance holds: its fence token, and a token cancelled the moment it is lost.</summary>
/// <param name="Name">The lease.</param>
/// <param name="Token">The fence token to carry with every write made under the lease (0 in single mode: no fence).</param>
/// <param name="Lost">Cancelled when the lease is lost, dropped or released; never in single mode.</param>
public sealed record HeldLease(LeaseName Name, long Token, CancellationToken Lost);
