using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tickwatch.Core.Diagnostics;

namespace Tickwatch.Storage.Redis;

/// <summary>Loads the scripts the store runs by SHA (EVALSHA) on every node the client is connected to, masters and replicas alike.</summary>
/// <remarks>
/// A node answers NOSCRIPT to EVALSHA until the script is loaded there: a fresh node, a replica promoted by a failover
/// (Redis does not replicate its script cache) or a node restarted empty. Loading on replicas too means a failover
/// finds the script already on the new master; loading again after a topology change or a restored connection covers
/// nodes that joined or came back empty. The store still answers a NOSCRIPT by sending the script's text (EVAL).
/// </remarks>
internal sealed class RedisScriptLoader(TimeProvider time, ILogger logger)
{
    private readonly Lock _gate = new();

    /// <summary>The scripts that run by SHA: the price write script, and those the stores registered (<see cref="Add"/>).</summary>
    private (string Name, string Source, string Sha1)[] _scripts =
    [
        ("price write", PriceWriteScript.Source, Convert.ToHexStringLower(PriceWriteScript.Sha1)),
    ];

    private Task? _running;
    private bool _again;

    /// <summary>Adds a script to those loaded from now on; false when it is there already.</summary>
    public bool Add(RedisScript script)
    {
        lock (_gate)
        {
            if (_scripts.Any(s => s.Sha1 == script.Sha1Hex))
            {
                return false;
            }

            _scripts = [.. _scripts, (script.Name, script.Source, script.Sha1Hex)];
            return true;
        }
    }

    /// <summary>Loads every script on every connected node, each node under <paramref name="timeout"/>; never throws (a node that refuses is logged at Debug, and its next NOSCRIPT loads it).</summary>
    public async Task<int> LoadAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout, string reason)
    {
        var servers = multiplexer.GetServers().Where(s => s.IsConnected).ToArray();
        var loads = servers.Select(s => LoadOnAsync(s, timeout)).ToArray();
        var loaded = (await Task.WhenAll(loads).ConfigureAwait(false)).Count(ok => ok);
        var scripts = Volatile.Read(ref _scripts).Length;
        RedisStoreLog.ScriptsLoaded(logger, scripts, loaded, servers.Length, reason);
        return loaded;
    }

    /// <summary>Starts a load in the background, or asks the running one to go round once more; the work is awaited by <see cref="WhenIdleAsync"/>.</summary>
    public void Request(IConnectionMultiplexer multiplexer, TimeSpan timeout, string reason)
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                _again = true;
                return;
            }

            _running = LoopAsync(multiplexer, timeout, reason);
        }
    }

    /// <summary>Completes when no background load runs (for the connection's dispose).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _running ?? Task.CompletedTask;
        }
    }

    private async Task LoopAsync(IConnectionMultiplexer multiplexer, TimeSpan timeout, string reason)
    {
        // Off the client's event thread: the handler that asked returns at once.
        await Task.Yield();
        while (true)
        {
            try
            {
                await LoadAsync(multiplexer, timeout, reason).ConfigureAwait(false);
            }
            // A multiplexer being disposed may fail in any way; the next NOSCRIPT loads the script anyway.
            catch (Exception ex)
            {
                RedisStoreLog.ScriptLoadFailed(logger, "(all)", ex.Message);
            }

            lock (_gate)
            {
                if (!_again)
                {
                    _running = null;
                    return;
                }

                _again = false;
            }
        }
    }

    private async Task<bool> LoadOnAsync(IServer server, TimeSpan timeout)
    {
        var endpoint = RedisConnection.Describe(server.EndPoint);
        var all = true;
        foreach (var (name, source, sha1) in Volatile.Read(ref _scripts))
        {
            Task<RedisResult>? load = null;
            try
            {
                // SCRIPT LOAD is neither a write nor an admin command: replicas take it, and the store's connection may send it.
                load = server.ExecuteAsync("SCRIPT", "LOAD", source);
                var answer = (string?)await load.WaitAsync(timeout, time).ConfigureAwait(false);
                if (!string.Equals(answer, sha1, StringComparison.OrdinalIgnoreCase))
                {
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        var reason = $"{name} script answered SHA {answer}, expected {sha1}";
                        RedisStoreLog.ScriptLoadFailed(logger, endpoint, reason);
                    }

                    all = false;
                }
            }
            // A node that cannot take the script now gets it from its next NOSCRIPT.
            catch (Exception ex)
            {
                if (load is not null)
                {
                    AbandonedTask.Observe(load);
                }

                if (logger.IsEnabled(LogLevel.Debug))
                {
                    var reason = $"{name} script: {ex.Message}";
                    RedisStoreLog.ScriptLoadFailed(logger, endpoint, reason);
                }

                all = false;
            }
        }

        return all;
    }
}
