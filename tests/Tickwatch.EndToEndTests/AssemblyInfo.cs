// Each class starts its own system and browser; on two cores, running them one at a time keeps their deadlines honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
