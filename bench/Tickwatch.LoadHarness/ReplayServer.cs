using System.Net;
using System.Net.Sockets;

namespace Tickwatch.LoadHarness;

/// <summary>
/// A minimal WebSocket server on loopback that replays pre-encoded frames, so that a measurement of
/// the listener and the book is not capped by the quote hub's price model, encoders and Kestrel.
/// </summary>
internal sealed class ReplayServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyDictionary<string, ReplayFrames> _paths;
    private readonly double? _rate;
    private readonly Lock _gate = new();
    private readonly List<ReplayConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private bool _sending = true;

    /// <param name="paths">The frames served at each request path.</param>
    /// <param name="rate">Price updates per second per connection; null sends as fast as the client reads.</param>
    public ReplayServer(IReadOnlyDictionary<string, ReplayFrames> paths, double? rate)
    {
        _paths = paths;
        _rate = rate;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Totals over every connection to <paramref name="path"/>.</summary>
    public FeedCounters Counters(string path)
    {
        lock (_gate)
        {
            var counters = _connections.Where(c => c.Path == path).Select(c => c.Counters).ToList();
            return new FeedCounters(counters.Sum(c => c.Frames), counters.Sum(c => c.Updates));
        }
    }

    /// <summary>CPU of every writer thread, or null where it cannot be read.</summary>
    public TimeSpan? Cpu
    {
        get
        {
            lock (_gate)
            {
                var cpu = TimeSpan.Zero;
                foreach (var connection in _connections)
                {
                    if (connection.Cpu is not { } used)
                    {
                        return null;
                    }

                    cpu += used;
                }

                return cpu;
            }
        }
    }

    /// <summary>Stops every writer after its batch in hand and waits for them; connections stay open.</summary>
    public void StopSending()
    {
        List<ReplayConnection> connections;
        lock (_gate)
        {
            _sending = false;
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            connection.StopSending();
        }

        foreach (var connection in connections)
        {
            connection.JoinWriter();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        List<ReplayConnection> connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            var connection = await ReplayConnection.AcceptAsync(socket, _paths, _rate, _stopping.Token).ConfigureAwait(false);
            if (connection is null)
            {
                continue;
            }

            lock (_gate)
            {
                _connections.Add(connection);
                if (!_sending)
                {
                    connection.StopSending();
                }
            }

            connection.Start();
        }
    }
}
