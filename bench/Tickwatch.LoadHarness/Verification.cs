namespace Tickwatch.LoadHarness;

/// <summary>What the end-of-run check found, once the source had stopped and the listeners had drained.</summary>
internal sealed record Verification
{
    /// <summary>Symbol and feed pairs whose book price was compared with the source's last price.</summary>
    public required int PricesChecked { get; init; }

    public required int Mismatches { get; init; }

    public required IReadOnlyList<string> MismatchExamples { get; init; }

    /// <summary>Price updates the source wrote, over the whole run.</summary>
    public required long UpdatesSent { get; init; }

    /// <summary>Price updates the listeners decoded and handed to the book, over the whole run.</summary>
    public required long UpdatesReceived { get; init; }

    public required long Accepted { get; init; }

    /// <summary>Partial updates before the symbol's other side was known on that feed (not an error).</summary>
    public required long Incomplete { get; init; }

    public required long Rejected { get; init; }

    public required long Duplicates { get; init; }

    public required long OutOfOrder { get; init; }

    public required long ParseErrors { get; init; }

    public required long CodecOrSinkExceptions { get; init; }

    /// <summary>Connections beyond the first, over all feeds.</summary>
    public required long Reconnections { get; init; }

    public bool Passed => Mismatches == 0 && UpdatesSent == UpdatesReceived && Rejected == 0 && Duplicates == 0
        && OutOfOrder == 0 && ParseErrors == 0 && CodecOrSinkExceptions == 0 && Reconnections == 0;
}
