using CsCheck;
using Tickwatch.Core.Prices;

namespace Tickwatch.Core.Tests.Prices;

public sealed class CoalescingQuoteSlotUnitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly CoalescingQuoteSlot _slot = new("EURUSD");

    [Fact]
    public void The_first_quote_asks_for_the_ready_queue_and_later_ones_replace_it_until_taken()
    {
        Assert.Equal(QuoteOfferOutcome.Enqueue, _slot.Offer(Quote(1)));
        Assert.Equal(QuoteOfferOutcome.Replaced, _slot.Offer(Quote(2)));
        Assert.Equal(QuoteOfferOutcome.Dropped, _slot.Offer(Quote(2)));
        Assert.Equal(QuoteOfferOutcome.Dropped, _slot.Offer(Quote(1)));

        Assert.Equal(2, _slot.Take()!.BookSequence);
        Assert.Equal(3, _slot.Conflations);
        Assert.False(_slot.HasPending);
    }

    [Fact]
    public void A_quote_arriving_while_one_is_taken_waits_and_the_slot_goes_back_in_the_queue_when_done()
    {
        _slot.Offer(Quote(1));
        var taken = _slot.Take()!;

        Assert.Equal(QuoteOfferOutcome.Kept, _slot.Offer(Quote(2)));
        Assert.Null(_slot.Take());
        Assert.Equal(QuoteOfferOutcome.Dropped, _slot.Offer(Quote(1)));

        Assert.True(_slot.Complete(taken, accepted: true, knownVersion: null, out var dropped));
        Assert.False(dropped);
        Assert.Equal(taken.Version, _slot.LastAccepted);
        Assert.Equal(2, _slot.Take()!.BookSequence);
    }

    [Fact]
    public void Nothing_older_than_what_the_consumer_holds_is_taken_again()
    {
        _slot.Offer(Quote(1));
        var taken = _slot.Take()!;
        _slot.Offer(Quote(2));

        // The consumer refused 1 and says it holds 5: the pending 2 is older still, so it is dropped.
        Assert.False(_slot.Complete(taken, accepted: false, Quote(5).Version, out var dropped));

        Assert.True(dropped);
        Assert.Null(_slot.LastAccepted);
        Assert.False(_slot.HasPending);
        Assert.Equal(QuoteOfferOutcome.Dropped, _slot.Offer(Quote(4)));
        Assert.Equal(QuoteOfferOutcome.Enqueue, _slot.Offer(Quote(6)));
        Assert.Equal(2, _slot.Conflations);
    }

    [Fact]
    public void A_failed_quote_is_pending_again_unless_a_newer_one_is()
    {
        _slot.Offer(Quote(1));
        var first = _slot.Take()!;
        Assert.True(_slot.Release(first));
        Assert.Same(first, _slot.Take());

        Assert.Equal(QuoteOfferOutcome.Kept, _slot.Offer(Quote(3)));
        Assert.True(_slot.Release(first));
        Assert.Equal(3, _slot.Take()!.BookSequence);
        Assert.False(_slot.HasPending);
    }

    [Fact]
    public void Taken_quotes_only_get_newer_and_the_newest_offered_is_always_taken_in_the_end()
    {
        // Offers of any versions, interleaved with takes that end accepted, refused or failed (a failed one may be taken again).
        Gen.Select(Gen.Int[0, 30], Gen.Int[0, 3]).Array[1, 60].Sample(steps =>
        {
            var slot = new CoalescingQuoteSlot("EURUSD");
            Quote? taken = null;
            var lastTaken = PriceVersion.Zero;
            var newest = PriceVersion.Zero;
            var ok = true;
            foreach (var (sequence, action) in steps)
            {
                var offered = Quote(sequence);
                newest = PriceVersion.Max(newest, offered.Version);
                slot.Offer(offered);
                if (taken is null)
                {
                    taken = slot.Take();
                    ok &= taken is null || taken.Version >= lastTaken;
                    lastTaken = taken?.Version ?? lastTaken;
                }
                else
                {
                    _ = action switch
                    {
                        0 => slot.Release(taken),
                        1 => slot.Complete(taken, accepted: false, null, out _),
                        _ => slot.Complete(taken, accepted: true, null, out _),
                    };
                    taken = null;
                }
            }

            if (taken is not null)
            {
                slot.Complete(taken, accepted: true, null, out _);
            }

            while (slot.Take() is { } rest)
            {
                ok &= rest.Version >= lastTaken;
                lastTaken = rest.Version;
                slot.Complete(rest, accepted: true, null, out _);
            }

            return ok && lastTaken == newest;
        });
    }

    private static Quote Quote(long sequence) => new()
    {
        Symbol = "EURUSD",
        Bid = 1.0850m,
        Ask = 1.0852m,
        Feed = "json",
        ReceivedAt = T0,
        BookSequence = sequence,
        Version = PriceVersion.Of(null, T0, null, sequence),
    };
}
