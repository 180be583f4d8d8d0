using System.Buffers;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// The portfolio waiting for one client: queued once, however many newer portfolios replace the one in it before its
/// send loop takes it, so a slow client holds one portfolio, never a queue of them.
/// </summary>
/// <remarks>
/// An order change offered after it closes the slot to newer portfolios (the session starts a new one behind the
/// order), so a portfolio never overtakes an order change that came before it.
/// </remarks>
internal sealed class PortfolioSlot(ClientSession session) : IOutboundMessage
{
    private PortfolioMessage? _pending;

    /// <summary>Whether a portfolio waits in it.</summary>
    public bool HasPending => Volatile.Read(ref _pending) is not null;

    /// <summary>Puts <paramref name="portfolio"/> in the slot; returns the one it replaced, null when the slot was empty (and must be queued).</summary>
    public PortfolioMessage? Put(PortfolioMessage portfolio) => Interlocked.Exchange(ref _pending, portfolio);

    public bool TryWrite(ArrayBufferWriter<byte> destination, DateTimeOffset now)
    {
        // Empty when a newer portfolio was sent from it already.
        if (Interlocked.Exchange(ref _pending, null) is not { } portfolio)
        {
            return false;
        }

        session.CountPortfolioSent();
        destination.Write(portfolio.Json);
        return true;
    }
}
