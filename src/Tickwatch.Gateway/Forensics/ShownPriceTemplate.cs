namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// The entry of one price frame as every client it is sent to records it, less the send time and the newer prices:
/// made at the frame's first recording and kept on the frame, so its decimals are taken apart once, not once per client.
/// </summary>
internal sealed class ShownPriceTemplate(ShownEntry entry)
{
    public ShownEntry Entry { get; } = entry;
}
