using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Trading.Portfolio;

namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// One account's portfolio channel: the stream clients of that account, its latest portfolio, and the reads of the
/// store that announcements on <c>portfolio_updates</c> start, coalesced.
/// </summary>
/// <remarks>
/// <para>
/// An announcement never waits: with no read in flight it starts one; during a read it asks for one more (however
/// many arrive, one more read covers them all, as it starts after the last of them). A read's portfolio goes to every
/// client unless it is older than the one sent last, or the same one (<see cref="PortfolioMessage.IsNoNewerThan"/>),
/// so no client is ever sent an older portfolio after a newer one, whatever order the reads complete in.
/// </para>
/// <para>
/// Clients and the latest portfolio change under one lock, so a client that joins is sent the latest at once and
/// every newer one after it, never one in between twice or not at all.
/// </para>
/// </remarks>
internal sealed class AccountStream(
    AccountId account, IPortfolioStore store, TimeProvider time, TimeSpan readTimeout, StreamStatistics statistics, ILogger logger, CancellationToken closing)
{
    private const int Idle = 0;
    private const int Reading = 1;
    private const int ReadingAndAnnounced = 2;

    private readonly Lock _gate = new();
    private IAccountStreamClient[] _clients = [];
    private PortfolioMessage? _latest;
    private int _reads;

    public AccountId Account => account;

    public int ClientCount => Volatile.Read(ref _clients).Length;

    /// <summary>Adds a client and sends it the latest portfolio; true when there is none yet, so the caller should read it.</summary>
    public bool Add(IAccountStreamClient client)
    {
        lock (_gate)
        {
            _clients = [.. _clients, client];
            if (_latest is { } latest)
            {
                client.OfferPortfolio(latest);
                return false;
            }

            return true;
        }
    }

    /// <summary>Removes a client; false when it was not one. <paramref name="left"/> is how many remain.</summary>
    public bool Remove(IAccountStreamClient client, out int left)
    {
        lock (_gate)
        {
            var before = _clients.Length;
            _clients = [.. _clients.Where(c => !ReferenceEquals(c, client))];
            left = _clients.Length;
            return left < before;
        }
    }

    /// <summary>The account's portfolio changed: reads it, or asks the read in flight for one more. Never waits.</summary>
    public void OnAnnounced()
    {
        while (true)
        {
            var reads = Volatile.Read(ref _reads);
            if (reads == ReadingAndAnnounced)
            {
                statistics.CountPortfolioReadCoalesced();
                return;
            }

            if (Interlocked.CompareExchange(ref _reads, reads + 1, reads) == reads)
            {
                if (reads == Idle)
                {
                    // Runs until no announcement waits; ReadAsync catches everything, so nothing it does goes unobserved.
                    _ = ReadUntilCurrentAsync();
                }
                else
                {
                    statistics.CountPortfolioReadCoalesced();
                }

                return;
            }
        }
    }

    /// <summary>Sends one order change to every client of the account.</summary>
    public void OnOrder(byte[] message)
    {
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.OfferOrder(message);
            }
        }
    }

    /// <summary>Sends a portfolio read from the store to every client, unless it is no newer than the one sent last.</summary>
    public void Deliver(PortfolioMessage portfolio)
    {
        lock (_gate)
        {
            if (_latest is { } latest && portfolio.IsNoNewerThan(latest))
            {
                statistics.CountPortfolioNotNewer();
                return;
            }

            _latest = portfolio;
            foreach (var client in _clients)
            {
                client.OfferPortfolio(portfolio);
            }
        }
    }

    private async Task ReadUntilCurrentAsync()
    {
        while (true)
        {
            await ReadAsync().ConfigureAwait(false);

            // Announced meanwhile: one more read, started after them all, covers every one.
            if (Interlocked.CompareExchange(ref _reads, Idle, Reading) == Reading)
            {
                return;
            }

            Volatile.Write(ref _reads, Reading);
        }
    }

    private async Task ReadAsync()
    {
        statistics.CountPortfolioRead();
        AccountPortfolio? portfolio;
        try
        {
            using var timeout = new CancellationTokenSource(readTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(closing, timeout.Token);
            portfolio = await store.ReadAsync(account, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Counted and logged; the account's next announcement reads again. Closing the gateway is no failure.
            if (!closing.IsCancellationRequested)
            {
                statistics.CountPortfolioReadFailure();
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    var accountText = account.ToString();
                    GatewayLog.PortfolioReadFailed(logger, ex, accountText, ex.Message);
                }
            }

            return;
        }

        // None written yet: the first write is announced. Another account's portfolio is never this account's clients'.
        if (portfolio is not null && portfolio.Account == account)
        {
            Deliver(AccountMessages.Portfolio(portfolio));
        }
    }
}
