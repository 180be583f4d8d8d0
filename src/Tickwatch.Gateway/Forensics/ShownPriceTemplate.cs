namespace Tickwatch.Gateway.Forensics;

/// <summary>
/// The facts of one price frame as every client it is sent to records them: made at the frame's first recording and
/// kept on the frame, so its decimals are taken apart once, not once per client.
/// </summary>
internal sealed class ShownPriceTemplate(ShownPriceFacts facts)
{
    // A field, so that each recording reads it in place rather than copying it.
    public readonly ShownPriceFacts Facts = facts;
}
