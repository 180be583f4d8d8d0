using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Tickwatch.Storage.Redis;

/// <summary>Owns the process's one <see cref="ConnectionMultiplexer"/>: opened on first use, never by registration, disposed only here.</summary>
/// <remarks>
/// The multiplexer is created with <c>AbortOnConnectFail=false</c>, so a cluster that is down at start does not
/// fail the process: commands fail fast (no backlog) until the nodes answer, and the multiplexer reconnects and
/// re-reads the topology by itself. Connection failures and restorations are counted for the diagnostics.
/// </remarks>
public sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly StoreErrorLog _errors;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RedisScriptLoader _scripts;
    private ConnectionMultiplexer? _multiplexer;
    private long _connectionFailures;
    private long _connectionsRestored;
    private long _errorMessages;
    private long _internalErrors;
    private long _topologyChanges;
    private long _timeouts;
    private long _scriptMisses;
    private StoreError? _lastFailure;
    private bool _disposed;

    public RedisConnection(IOptions<RedisStoreOptions> options, TimeProvider time, StoreErrorLog errors, ILogger<RedisConnection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(errors);
        _options = options.Value;
        _time = time;
        _errors = errors;
        _logger = logger ?? NullLogger<RedisConnection>.Instance;
        _scripts = new RedisScriptLoader(time, _logger);
        if (!_options.IsConfigured)
        {
            throw new InvalidOperationException("Redis:Configuration is empty; the in-memory store should have been chosen.");
        }
    }

    public RedisStoreOptions Options => _options;

    /// <summary>The seed list, without any secret.</summary>
    public string Configuration => _options.Configuration!;

    /// <summary>The multiplexer once it exists (after the first <see cref="GetAsync"/>), else null.</summary>
    public IConnectionMultiplexer? Multiplexer => Volatile.Read(ref _multiplexer);

    /// <summary>True when the multiplexer exists and has at least one node connected.</summary>
    public bool IsConnected => Multiplexer?.IsConnected ?? false;

    public long ConnectionFailures => Interlocked.Read(ref _connectionFailures);

    public long ConnectionsRestored => Interlocked.Read(ref _connectionsRestored);

    public long ErrorMessages => Interlocked.Read(ref _errorMessages);

    public long InternalErrors => Interlocked.Read(ref _internalErrors);

    public long TopologyChanges => Interlocked.Read(ref _topologyChanges);

    /// <summary>Store commands that timed out, as counted by the store and the publisher.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>NOSCRIPT answers seen (a node that lost or never had a store script); expected after a node restarts empty, so counted, not warned.</summary>
    public long ScriptMisses => Interlocked.Read(ref _scriptMisses);

    public StoreError? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>The multiplexer, opened on the first call (concurrent callers share the one attempt).</summary>
    /// <remarks>Returns even when no node answers (after the connect timeout): commands then fail until the cluster is back.</remarks>
    public async Task<IConnectionMultiplexer> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _multiplexer) is { } existing)
        {
            return existing;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_multiplexer is { } raced)
            {
                return raced;
            }

            RedisStoreLog.Connecting(_logger, Configuration);
            var started = _time.GetTimestamp();
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(CreateConfiguration(_options)).ConfigureAwait(false);
            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
            multiplexer.ErrorMessage += OnErrorMessage;
            multiplexer.InternalError += OnInternalError;
            multiplexer.ConfigurationChangedBroadcast += OnTopologyChanged;
            multiplexer.ConfigurationChanged += OnTopologyChanged;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                // Locals: this SDK's CA1873 does not see the guard around a static [LoggerMessage] call.
                var endpoints = multiplexer.GetEndPoints().Length;
                var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
                RedisStoreLog.Connected(_logger, multiplexer.IsConnected ? "connected" : "no node answered yet; retrying in the background",
                    endpoints, elapsedMs);
            }

            // Before the first write: a node that runs the scripts by SHA must know them, or it answers NOSCRIPT.
            await _scripts.LoadAsync(multiplexer, _options.SyncTimeout, "connect").ConfigureAwait(false);
            Volatile.Write(ref _multiplexer, multiplexer);
            return multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Has <paramref name="script"/> loaded on every node with the store's own scripts: at connect, after a topology change,
    /// when a connection is restored, and now when the multiplexer is already open. A script registered twice is loaded once.
    /// </summary>
    public void Register(RedisScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (_scripts.Add(script) && Multiplexer is { } multiplexer)
        {
            _scripts.Request(multiplexer, _options.SyncTimeout, script.Name + " script registered");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (Interlocked.Exchange(ref _multiplexer, null) is { } multiplexer)
            {
                Unhook(multiplexer);
                await _scripts.WhenIdleAsync().ConfigureAwait(false);
                await multiplexer.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
                await multiplexer.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the multiplexer without waiting for commands in flight (hosts that dispose asynchronously get a graceful close).</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
            if (Interlocked.Exchange(ref _multiplexer, null) is { } multiplexer)
            {
                Unhook(multiplexer);
                multiplexer.Dispose();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The StackExchange.Redis configuration for <paramref name="options"/>.</summary>
    public static ConfigurationOptions CreateConfiguration(RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.Password = string.IsNullOrEmpty(options.Password) ? configuration.Password : options.Password;
        configuration.User = string.IsNullOrEmpty(options.User) ? configuration.User : options.User;
        configuration.ClientName = options.ClientName;
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = ToMilliseconds(options.ConnectTimeout);
        configuration.SyncTimeout = ToMilliseconds(options.SyncTimeout);
        configuration.AsyncTimeout = ToMilliseconds(options.SyncTimeout);
        configuration.ConfigCheckSeconds = Math.Max(1, (int)Math.Ceiling(options.TopologyCheckInterval.TotalSeconds));

        // Fail fast while a node is unreachable: the store writer keeps the newest price and retries;
        // a backlog would only hold stale writes until they time out.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);

        // The .NET thread pool reads the sockets: the library's dedicated reader threads spin while idle, which on a
        // small machine takes CPU from the Redis nodes and the feeds.
        configuration.SocketManager = SocketManager.ThreadPool;
        return configuration;
    }

    /// <summary>host:port of an endpoint, as operators write it.</summary>
    public static string Describe(EndPoint? endpoint) => endpoint switch
    {
        null => "(unknown)",
        IPEndPoint ip => ip.Address + ":" + ip.Port,
        DnsEndPoint dns => dns.Host + ":" + dns.Port,
        _ => endpoint.ToString() ?? "(unknown)",
    };

    internal void Record(string source, string message, EndPoint? endpoint, int count = 1)
    {
        var error = new StoreError(_time.GetUtcNow(), source, message, endpoint is null ? null : Describe(endpoint), count);
        _errors.Add(error);
        if (source == "connection")
        {
            Volatile.Write(ref _lastFailure, error);
        }
    }

    private void Unhook(ConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        multiplexer.ErrorMessage -= OnErrorMessage;
        multiplexer.InternalError -= OnInternalError;
        multiplexer.ConfigurationChangedBroadcast -= OnTopologyChanged;
        multiplexer.ConfigurationChanged -= OnTopologyChanged;
    }

    internal void CountTimeouts(int count) => Interlocked.Add(ref _timeouts, count);

    private static int ToMilliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 1, int.MaxValue);

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Increment(ref _connectionFailures);
        var reason = e.Exception?.Message ?? e.FailureType.ToString();
        Record("connection", $"{e.FailureType} ({e.ConnectionType}): {reason}", e.EndPoint);
        RedisStoreLog.ConnectionFailed(_logger, Describe(e.EndPoint), e.FailureType.ToString(), e.ConnectionType.ToString(), reason);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Increment(ref _connectionsRestored);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var endpoint = Describe(e.EndPoint);
            var connectionType = e.ConnectionType.ToString();
            RedisStoreLog.ConnectionRestored(_logger, endpoint, connectionType);
        }

        // The node may have come back empty (restarted): it needs the scripts again.
        if (sender is IConnectionMultiplexer multiplexer)
        {
            _scripts.Request(multiplexer, _options.SyncTimeout, "connection to " + Describe(e.EndPoint) + " restored");
        }
    }

    private void OnErrorMessage(object? sender, RedisErrorEventArgs e)
    {
        // Expected when a node is new or restarted empty: the store sends the script's text at once, so it is no operator's concern.
        if (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _scriptMisses);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var endpoint = Describe(e.EndPoint);
                RedisStoreLog.ScriptMissing(_logger, endpoint);
            }

            return;
        }

        Interlocked.Increment(ref _errorMessages);
        Record("connection", e.Message, e.EndPoint);
        RedisStoreLog.ErrorMessage(_logger, Describe(e.EndPoint), e.Message);
    }

    private void OnInternalError(object? sender, InternalErrorEventArgs e)
    {
        Interlocked.Increment(ref _internalErrors);
        Record("connection", $"client internal error ({e.Origin}): {e.Exception.Message}", e.EndPoint);
        RedisStoreLog.InternalError(_logger, e.Exception, e.Origin ?? "unknown", Describe(e.EndPoint));
    }

    private void OnTopologyChanged(object? sender, EndPointEventArgs e)
    {
        Interlocked.Increment(ref _topologyChanges);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var endpoint = Describe(e.EndPoint);
            RedisStoreLog.TopologyChanged(_logger, endpoint);
        }

        // A failover or a new node: every node the client now knows gets the scripts.
        if (sender is IConnectionMultiplexer multiplexer)
        {
            _scripts.Request(multiplexer, _options.SyncTimeout, "topology changed");
        }
    }
}
