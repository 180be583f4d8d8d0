// The Redis tests share loopback clusters and kill their nodes: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
