using System.Buffers;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// The prices waiting for one client, written as one message: <c>{"type":"prices","prices":[…]}</c> with the latest
/// price (or stale announcement) of each subscribed symbol the client has not been sent yet.
/// </summary>
/// <remarks>
/// One per session, queued once however many prices arrive before its send loop takes it: a wake, a send and a client
/// read then carry every symbol that changed instead of one price each.
/// </remarks>
internal sealed class PriceBatch(ClientSession session) : IOutboundMessage
{
    private static ReadOnlySpan<byte> Opening => "{\"type\":\"prices\",\"prices\":["u8;

    private static ReadOnlySpan<byte> Closing => "]}"u8;

    public bool TryWrite(ArrayBufferWriter<byte> destination, DateTimeOffset now) => TryWrite(destination, now, arm: true);

    /// <summary>
    /// Writes the message if any subscribed symbol has a price the client has not had; with <paramref name="arm"/>,
    /// first asks each symbol to wake the client at its next price (for a client about to go idle).
    /// </summary>
    public bool TryWrite(ArrayBufferWriter<byte> destination, DateTimeOffset now, bool arm)
    {
        // Cleared before the latest prices are read: a price that lands after this queues the batch again.
        session.TakeWaiting();
        var prices = 0;
        long skipped = 0;
        foreach (var subscription in session.SubscriptionSnapshot)
        {
            // Armed before the latest is read: a price after this read wakes the client for the next message.
            if (arm)
            {
                subscription.Arm();
            }

            if (subscription.TakeNewer(out var skippedHere) is not { } frame)
            {
                continue;
            }

            destination.Write(prices == 0 ? Opening : ","u8);
            frame.WriteTo(destination, now);
            session.Shown?.Written(subscription, frame);
            prices++;
            skipped += skippedHere;
        }

        session.CountBatch(prices, skipped);
        if (prices == 0)
        {
            return false;
        }

        destination.Write(Closing);
        return true;
    }
}
