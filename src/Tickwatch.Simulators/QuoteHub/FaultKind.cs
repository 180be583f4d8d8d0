namespace Tickwatch.Simulators.QuoteHub;

/// <summary>The faults the quote hub can inject; wire names are snake_case (<see cref="FaultKindNames"/>).</summary>
public enum FaultKind
{
    /// <summary>Abort every connection of the feed; with a duration, refuse new ones meanwhile.</summary>
    Drop,

    /// <summary>Keep the sockets open but send nothing.</summary>
    Stall,

    /// <summary>Replace the next frames with random bytes.</summary>
    Garbage,

    /// <summary>Cut the next frames short.</summary>
    Truncate,

    /// <summary>Send each of the next frames twice.</summary>
    Duplicate,

    /// <summary>Hold a frame back and send it after its successor.</summary>
    OutOfOrder,

    /// <summary>Multiply a symbol's next price by a factor.</summary>
    Spike,

    /// <summary>Stop sending a symbol while the others flow.</summary>
    Freeze,

    /// <summary>Offset a feed's prices by a fraction, so it disagrees with the other feeds.</summary>
    Diverge,
}
