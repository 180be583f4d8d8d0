namespace Tickwatch.BenchSupport;

/// <summary>
/// What one receive-only client took from the quote hub with the hub at its highest rate: the feed's limit on this machine,
/// the figure a whole-path step's rate is divided by.
/// </summary>
/// <param name="Protocol">The feed's protocol.</param>
/// <param name="FeedUrl">The feed read.</param>
/// <param name="Measured">How long the counts ran (after the first frame arrived).</param>
/// <param name="RateAsked">The rate the hub was set to, updates/s over all symbols.</param>
/// <param name="FramesPerSecond">Whole WebSocket messages received per second.</param>
/// <param name="UpdatesPerSecond">
/// Prices received per second: the frames received times the hub's own mean prices per frame encoded on that feed over the same
/// window (<c>updates_sent</c> / frames encoded in <c>/control/status</c>), so nothing is decoded.
/// </param>
/// <param name="BytesPerSecond">Payload bytes received per second.</param>
/// <param name="HarnessCpuCores">CPU of the whole harness process while reading, in cores (1.0 is one core busy).</param>
/// <param name="OtherClients">Other clients connected to the same feed meanwhile: with a backpressure hub they slow it for everyone.</param>
/// <param name="Error">Why there is no figure; null when measured.</param>
public sealed record FeedLimit(
    FeedLimitProtocol Protocol,
    Uri FeedUrl,
    TimeSpan Measured,
    double RateAsked,
    double FramesPerSecond,
    double UpdatesPerSecond,
    double BytesPerSecond,
    double HarnessCpuCores,
    int OtherClients,
    string? Error = null)
{
    /// <summary>A limit that could not be measured, with the reason.</summary>
    public static FeedLimit Failed(FeedLimitProtocol protocol, Uri feedUrl, string error) =>
        new(protocol, feedUrl, TimeSpan.Zero, 0, 0, 0, 0, 0, 0, error);

    /// <summary>One line for a report.</summary>
    public override string ToString() => Error is not null
        ? $"receive-only {Protocol} at {FeedUrl}: not measured ({Error})"
        : $"receive-only {Protocol} at {FeedUrl}: {UpdatesPerSecond:N0} updates/s in {FramesPerSecond:N0} frames/s, {BytesPerSecond / 1e6:N1} MB/s over {Measured.TotalSeconds:N1} s, harness CPU {HarnessCpuCores:N2} cores, {OtherClients} other client(s) on the feed";
}
