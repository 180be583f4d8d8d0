namespace Tickwatch.Storage.Writing;

/// <summary>Where the store writer's run loop is.</summary>
public enum PriceStoreWriterState
{
    /// <summary>Never run: quotes are collected (latest per symbol) but nothing is written.</summary>
    NotStarted,

    /// <summary>The run loop writes.</summary>
    Running,

    /// <summary>Cancellation was asked; batches in flight are finishing.</summary>
    Stopping,

    /// <summary>The run loop ended; pending quotes are kept for the next run.</summary>
    Stopped,

    /// <summary>The run loop ended on an unexpected error (see the statistics' last error); it can be run again.</summary>
    Faulted,
}
