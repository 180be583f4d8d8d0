namespace Tickwatch.Storage.Cluster;

/// <summary>What a lease gives its holder the right to run.</summary>
public enum LeaseKind
{
    /// <summary>A feed's connection and the writing of its prices (<c>feed:NAME</c>).</summary>
    Feed,

    /// <summary>One of the account partitions' triggers, portfolios and ledger (<c>part:N</c>).</summary>
    Partition,

    /// <summary>A job that runs once in the cluster (<c>job:NAME</c>, see <see cref="ClusterJobs"/>).</summary>
    Job,
}
