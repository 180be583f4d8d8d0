namespace Tickwatch.Trading.ProviderLink;

/// <summary>The outcome of reading one frame: a message, or why there is none.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Message">The decoded message, for <see cref="ProviderFrameStatus.Message"/>.</param>
/// <param name="Error">The category of a refused frame.</param>
/// <param name="Detail">What exactly was wrong, naming the field; for logs.</param>
/// <param name="FrameBytes">Bytes consumed, prefix included (the announced length for an oversized frame, none consumed).</param>
public readonly record struct ProviderFrameResult(ProviderFrameStatus Status, ProviderMessage? Message, ProviderFrameError Error, string? Detail, long FrameBytes)
{
    public static ProviderFrameResult NeedMoreData { get; } = new(ProviderFrameStatus.NeedMoreData, null, ProviderFrameError.None, null, 0);
}
