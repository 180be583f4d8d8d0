namespace Tickwatch.Gateway.Streaming;

/// <summary>One client of an account's stream as the account's order events see it: how far through them it has been sent.</summary>
/// <param name="client">The client.</param>
/// <param name="position">The last order event number it holds: its <c>since_seq</c>, or the account's latest when it joined; null when the gateway knows none yet.</param>
/// <param name="resuming">It asked for the events after <paramref name="position"/>: nothing live is sent to it until they are.</param>
internal sealed class AccountFollower(IAccountStreamClient client, long? position, bool resuming)
{
    public IAccountStreamClient Client => client;

    /// <summary>What it asked to resume after (its position when it joined).</summary>
    public long? SinceSeq { get; } = position;

    /// <summary>The number of the last order event it was sent or told of (<c>orders_reset</c>); null: live from the next one.</summary>
    public long? Position { get; set; } = position;

    /// <summary>Waiting for the events it missed; changed only under its account's lock.</summary>
    public bool Resuming { get; set; } = resuming;

    /// <summary>A resuming follower the current catch-up reads for (one that joined during it waits for the next).</summary>
    public bool InCatchUp { get; set; }

    /// <summary>Whether the catch-up under way sends it events: it holds a position and is live, or resuming in this catch-up.</summary>
    public bool CatchesUp => Position is not null && (!Resuming || InCatchUp);

    /// <summary>Events sent to it from the account's order events (replayed or filled).</summary>
    public int Replayed { get; set; }

    /// <summary>Whether it was told <c>orders_reset</c> in the current catch-up.</summary>
    public bool WasReset { get; set; }

    /// <summary>Sends an event it has not had yet; false when it holds it already (or, unless <paramref name="replay"/>, it is still resuming).</summary>
    public bool Offer(long seq, byte[] message, bool replay)
    {
        if ((Resuming && !replay) || (replay && !CatchesUp) || seq <= Position)
        {
            return false;
        }

        client.OfferOrder(message);
        Position = seq;
        return true;
    }

    /// <summary>Tells it the events it missed are gone, and that it now stands at <paramref name="seq"/>.</summary>
    public void Reset(long seq)
    {
        client.OfferOrder(StreamReplies.OrdersReset(seq));
        Position = seq;
        WasReset = true;
    }
}
