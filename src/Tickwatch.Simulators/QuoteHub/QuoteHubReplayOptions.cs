namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// A feed that replays a <c>.twrec</c> recording instead of the price model (<c>QuoteHub:Feeds:N:Replay</c>): the recorded
/// payloads go out verbatim, paced by their receive times divided by <see cref="Speed"/>, on the feed's protocol, which
/// must be the one the file was recorded from.
/// </summary>
public sealed class QuoteHubReplayOptions
{
    /// <summary>The largest speed factor accepted (in the options and on <c>POST /control/replay</c>).</summary>
    public const double MaxSpeed = 100_000;

    /// <summary>Path of the recording (<c>.twrec</c>).</summary>
    public string File { get; set; } = "";

    /// <summary>1 replays at the recorded pace, 10 ten times faster, 0 as fast as the connections take the frames.</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Starts again from the first frame at the end of the file instead of finishing.</summary>
    public bool Loop { get; set; }

    /// <summary>When the replay begins; by default once a client is there to receive the first frame.</summary>
    public ReplayStart Start { get; set; } = ReplayStart.FirstClient;
}
