using System.Net.Sockets;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The poll client mode's readers: a few dedicated threads, each owning a share of the clients' sockets, waiting for any
/// of them to be readable with one <see cref="Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/> (one poll(2) call over the share) and draining those.
/// </summary>
internal static class PollReaders
{
    // Select's timeout, so a reader notices the harness is done when no socket has anything.
    private const int WaitMicroseconds = 100_000;

    /// <summary>Starts <paramref name="threads"/> readers over <paramref name="clients"/>; the task ends when all have stopped.</summary>
    public static Task Start(IReadOnlyList<PollClient> clients, int threads, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, threads).Select(t =>
        {
            var share = clients.Where((_, i) => i % threads == t).ToArray();
            return Task.Factory.StartNew(() => Read(share, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }));

    private static void Read(PollClient[] share, CancellationToken cancellationToken)
    {
        var owners = share.ToDictionary(c => c.Socket);
        var ready = new List<Socket>(share.Length);
        while (!cancellationToken.IsCancellationRequested)
        {
            // Select keeps only the readable sockets in the list it is given, so the list is refilled every turn.
            ready.Clear();
            foreach (var client in share)
            {
                if (client.IsOpen)
                {
                    ready.Add(client.Socket);
                }
            }

            if (ready.Count == 0)
            {
                return;
            }

            Socket.Select(ready, null, null, WaitMicroseconds);
            foreach (var socket in ready)
            {
                owners[socket].Drain();
            }
        }
    }
}
