namespace Tickwatch.Storage.Cluster;

/// <summary>The jobs that run on one market service of a cluster at a time, each under <see cref="LeaseName.Job"/>.</summary>
public static class ClusterJobs
{
    /// <summary>The link to the liquidity provider's execution gateway and its pending-order monitor.</summary>
    public const string Provider = "provider";

    /// <summary>The ledger's periodic reconciliation against the trading store.</summary>
    public const string LedgerReconcile = "ledger_reconcile";

    /// <summary>The start-up restore from the ledger (or the seed).</summary>
    public const string LedgerRestore = "ledger_restore";
}
