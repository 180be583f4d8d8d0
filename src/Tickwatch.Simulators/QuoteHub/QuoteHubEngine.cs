using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Codecs.Binance;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>
/// The heart of the quote hub: one price model feeding every feed, the faults in force, and the
/// connections. Ticks are published one round at a time, serialised, so that every feed carries the
/// same prices from the same ticks in the same order. Tests drive it through <see cref="TickAllAsync"/>
/// and <see cref="SetPriceAsync"/>; the generator through <see cref="PublishDueTicksAsync"/>.
/// </summary>
public sealed class QuoteHubEngine : IDisposable
{
    private static readonly TimeSpan MinBacklog = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly QuoteHubOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly PriceModel _model;
    private readonly TickScheduler _scheduler;
    private readonly FaultBook _faults;
    private readonly HubFeed[] _feeds;
    private readonly Random _faultRandom;
    private readonly WirePrice[] _batch;

    // The batch with both sides filled in from the model, for the Binance feeds (the venue always sends both).
    private readonly WirePrice[] _fullBatch;
    private readonly bool _hasVenues;
    private readonly int[] _frameOfSymbol;
    private readonly double _baseUpdatesPerSecond;
    private double _requestedMultiplier;
    private int _rateVersion;
    private int _appliedRateVersion;
    private int _frameNumber = 1;
    private long _updatesGenerated;
    private long _lastConnectionId;
    private long _rateWindowStart;
    private long _rateWindowUpdates;
    private double _measuredUpdatesPerSecond;
    private volatile string _generatorState = "starting";
    private volatile string? _lastGeneratorError;
    private long _rounds;
    private long _roundErrors;

    public QuoteHubEngine(
        IOptions<QuoteHubOptions> options,
        TimeProvider timeProvider,
        ILogger<QuoteHubEngine> logger,
        Func<FeedProtocol, IFeedFrameEncoder> encoderFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(encoderFactory);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        Seed = _options.Seed ?? Random.Shared.Next();
        var random = new Random(Seed);
        _faultRandom = new Random(unchecked(Seed * 31 + 7));

        var instruments = _options.ResolveInstruments();
        _model = new PriceModel(instruments, random, _options.PartialUpdateProbability);
        Symbols = [.. instruments.Select(i => i.Symbol)];
        var baseRates = instruments.Select(i => (double)i.TicksPerSecond).ToArray();
        _baseUpdatesPerSecond = baseRates.Sum();

        var backlog = _options.TickInterval * 4 > MinBacklog ? _options.TickInterval * 4 : MinBacklog;
        _scheduler = new TickScheduler(baseRates, random, timeProvider.TimestampFrequency, backlog);
        _requestedMultiplier = _options.TargetUpdatesPerSecond is { } target ? target / _baseUpdatesPerSecond : _options.RateMultiplier;
        _rateVersion = 1;

        var feedOptions = _options.ResolveFeeds();
        _feeds = [.. feedOptions.Select((f, i) => CreateFeed(i, f, encoderFactory(f.Protocol), Symbols))];
        foreach (var feed in _feeds)
        {
            if (feed.Options.Replay is { } replay)
            {
                feed.Replay = new FeedReplay(feed, replay, timeProvider, logger, unchecked((Seed * 13) + feed.Index));
            }
        }

        _hasVenues = Array.Exists(_feeds, f => f.Venue is not null);
        FeedNames = [.. _feeds.Select(f => f.Name)];
        _faults = new FaultBook(timeProvider, logger, FeedNames, instruments.ToDictionary(i => i.Symbol, i => i.Digits, StringComparer.Ordinal));
        _batch = new WirePrice[_options.MaxPricesPerFrame];
        _fullBatch = new WirePrice[_options.MaxPricesPerFrame];
        _frameOfSymbol = new int[instruments.Count];

        StartedAt = timeProvider.GetUtcNow();
        _rateWindowStart = timeProvider.GetTimestamp();
        ApplyRateIfChanged(_rateWindowStart);
    }

    /// <summary>Seed of the price model (the configured one, or the one drawn at start).</summary>
    public int Seed { get; }

    public DateTimeOffset StartedAt { get; }

    public IReadOnlyList<string> FeedNames { get; }

    public IReadOnlyList<string> Symbols { get; }

    public RateView Rate
    {
        get
        {
            var multiplier = Volatile.Read(ref _requestedMultiplier);
            return new RateView(multiplier, multiplier * _baseUpdatesPerSecond, Volatile.Read(ref _measuredUpdatesPerSecond));
        }
    }

    internal IReadOnlyList<HubFeed> Feeds => _feeds;

    internal TimeSpan TickInterval => _options.TickInterval;

    internal TimeProvider TimeProvider => _timeProvider;

    /// <summary>The key the Binance SBE feeds' clients must send as <c>X-MBX-APIKEY</c>; null asks for none.</summary>
    internal string? ApiKey => _options.ApiKey;

    /// <summary>Generates and sends the ticks that fell due since the last round (what the generator calls every tick interval).</summary>
    /// <returns>The number of price updates generated.</returns>
    public async Task<int> PublishDueTicksAsync(CancellationToken cancellationToken = default)
    {
        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            var now = _timeProvider.GetTimestamp();
            ApplyRateIfChanged(now);
            var passes = _scheduler.CollectDue(now);
            var sourceTime = _timeProvider.GetUtcNow();
            var generated = 0;
            var pending = 0;

            // A symbol that ticked several times this round goes once per pass. Frames run on across
            // passes so they stay full, but a frame never holds a symbol twice (a JSON object or
            // protobuf map keeps one entry per key): a symbol already in the frame starts a new one.
            for (var pass = 0; pass < passes; pass++)
            {
                for (var i = 0; i < _model.Count; i++)
                {
                    if (_scheduler.DueCount(i) <= pass)
                    {
                        continue;
                    }

                    if (_frameOfSymbol[i] == _frameNumber)
                    {
                        await FlushAsync(pending, sourceTime, cancellationToken);
                        generated += pending;
                        pending = 0;
                    }

                    _batch[pending++] = _model.Tick(i);
                    _frameOfSymbol[i] = _frameNumber;
                    if (pending == _batch.Length)
                    {
                        await FlushAsync(pending, sourceTime, cancellationToken);
                        generated += pending;
                        pending = 0;
                    }
                }
            }

            if (pending > 0)
            {
                await FlushAsync(pending, sourceTime, cancellationToken);
                generated += pending;
            }

            _faults.Expire();
            Interlocked.Increment(ref _rounds);
            MeasureRate(generated);
            return generated;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>Moves every symbol one tick now and sends the result, whatever the schedule says.</summary>
    /// <returns>The number of price updates sent.</returns>
    public async Task<int> TickAllAsync(CancellationToken cancellationToken = default)
    {
        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            ApplyRateIfChanged(_timeProvider.GetTimestamp());
            var sourceTime = _timeProvider.GetUtcNow();
            var pending = 0;
            for (var i = 0; i < _model.Count; i++)
            {
                _batch[pending++] = _model.Tick(i);
                if (pending == _batch.Length)
                {
                    await BroadcastAsync(pending, sourceTime, cancellationToken);
                    pending = 0;
                }
            }

            if (pending > 0)
            {
                await BroadcastAsync(pending, sourceTime, cancellationToken);
            }

            _faults.Expire();
            MeasureRate(_model.Count);
            return _model.Count;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>Sets a symbol's price and sends it at once in a frame of its own; a null side keeps its value and is left out of the frame.</summary>
    /// <exception cref="ArgumentException">The symbol is not served, or the price is unusable (not positive, crossed, too many decimals).</exception>
    public async Task<PriceView> SetPriceAsync(string symbol, decimal? bid, decimal? ask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (!_model.TryGetIndex(symbol, out var index))
        {
            throw new ArgumentException($"The hub does not serve '{symbol}'.", nameof(symbol));
        }

        if (bid is null && ask is null)
        {
            throw new ArgumentException("Give a bid, an ask or both.", nameof(bid));
        }

        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            var price = _model.Set(index, bid, ask, out var error) ?? throw new ArgumentException(error, nameof(bid));
            _batch[0] = price;
            await BroadcastAsync(1, _timeProvider.GetUtcNow(), cancellationToken);
            _logger.PriceSet(symbol, bid, ask);
            var (currentBid, currentAsk) = _model.Current(index);
            return new PriceView(symbol, currentBid, currentAsk);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>The last price of a symbol, or null when it is not served.</summary>
    public async Task<PriceView?> GetPriceAsync(string symbol, CancellationToken cancellationToken = default)
    {
        if (!_model.TryGetIndex(symbol, out var index))
        {
            return null;
        }

        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            var (bid, ask) = _model.Current(index);
            return new PriceView(symbol, bid, ask);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>Multiplies every instrument's typical rate by <paramref name="multiplier"/> (0 pauses); takes effect at the next round.</summary>
    public RateView SetRateMultiplier(double multiplier)
    {
        if (!double.IsFinite(multiplier) || multiplier < 0 || multiplier * _baseUpdatesPerSecond > QuoteHubOptionsValidator.MaxUpdatesPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, $"Must be >= 0 and give at most {QuoteHubOptionsValidator.MaxUpdatesPerSecond} updates per second.");
        }

        Volatile.Write(ref _requestedMultiplier, multiplier);
        Interlocked.Increment(ref _rateVersion);
        var rate = Rate;
        _logger.RateChanged(rate.Multiplier, rate.TargetUpdatesPerSecond);
        return rate;
    }

    /// <summary>Sets the multiplier so that all symbols together send <paramref name="updatesPerSecond"/>.</summary>
    public RateView SetTargetUpdatesPerSecond(double updatesPerSecond) => SetRateMultiplier(updatesPerSecond / _baseUpdatesPerSecond);

    /// <summary>
    /// Starts a fault; on a bad request lists every problem by field, and refuses one that would be kept beyond
    /// <see cref="QuoteHubOptions.MaxActiveFaults"/> active faults.
    /// </summary>
    public FaultInjection TryInjectFault(FaultRequest request, out FaultView? fault, out IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors = problems;
        fault = null;
        var spec = FaultRequestValidator.Validate(request, FeedNames, s => _model.TryGetIndex(s, out _), problems);
        if (spec is null)
        {
            return FaultInjection.Invalid;
        }

        if (_faults.TryAdd(spec, _options.MaxActiveFaults, out var kept) is not { } active)
        {
            return FaultInjection.TooManyActive;
        }

        if (spec.Kind == FaultKind.Drop)
        {
            foreach (var feed in _feeds)
            {
                if (active.AppliesTo(feed.Index))
                {
                    _logger.ConnectionsDropped(feed.AbortAll(), feed.Name);
                }
            }
        }

        fault = active.ToView(active.CreatedAt, kept);
        return FaultInjection.Injected;
    }

    /// <summary>The most faults kept active at once (<c>QuoteHub:MaxActiveFaults</c>).</summary>
    public int MaxActiveFaults => _options.MaxActiveFaults;

    public IReadOnlyList<FaultView> ListFaults() => _faults.List();

    public FaultView? FindFault(long id) => _faults.Find(id);

    public bool ClearFault(long id) => _faults.Remove(id);

    public int ClearFaults() => _faults.Clear();

    public QuoteHubStatus GetStatus()
    {
        var feeds = _feeds.Select(f => new FeedStatus(
            f.Name,
            ProtocolName(f.Protocol),
            f.Path,
            f.Connections.Length,
            f.Sequence,
            f.FramesSent,
            f.UpdatesSent,
            f.FramesWritten,
            f.FramesDropped,
            _faults.IsStalled(f.Index),
            _faults.IsRefusingConnections(f.Index),
            f.Replay?.Status())).ToArray();
        return new QuoteHubStatus(
            _timeProvider.GetUtcNow(),
            StartedAt,
            Seed,
            new GeneratorStatus(_generatorState, Interlocked.Read(ref _rounds), Interlocked.Read(ref _roundErrors), _lastGeneratorError),
            Rate,
            Interlocked.Read(ref _updatesGenerated),
            _options.SlowClientPolicy == SlowClientPolicy.Drop ? "drop" : "backpressure",
            _options.ConnectionQueueCapacity,
            _options.MaxPricesPerFrame,
            _options.PartialUpdateProbability,
            feeds,
            _faults.List(),
            Symbols);
    }

    /// <summary>The replay of every replaying feed, in feed order.</summary>
    public IReadOnlyList<ReplayStatus> ListReplays() => [.. _feeds.Where(f => f.Replay is not null).Select(f => f.Replay!.Status())];

    /// <summary>
    /// Starts, pauses, resumes or restarts a feed's replay, or sets its speed; on a bad request lists every problem by field.
    /// </summary>
    public ReplayStatus? TryControlReplay(ReplayRequest request, out IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        errors = problems;
        var replaying = _feeds.Where(f => f.Replay is not null).ToArray();
        HubFeed? feed = null;
        if (request.Feed is null)
        {
            if (replaying.Length == 1)
            {
                feed = replaying[0];
            }
            else
            {
                problems["feed"] = [replaying.Length == 0
                    ? "No feed of this hub replays a recording (set QuoteHub:Feeds:N:Replay:File)."
                    : $"Several feeds replay; name one of {string.Join(", ", replaying.Select(f => f.Name))}."];
            }
        }
        else if ((feed = Array.Find(replaying, f => f.Name == request.Feed)) is null)
        {
            problems["feed"] = [$"'{request.Feed}' is not a replaying feed of this hub (replaying: {(replaying.Length == 0 ? "none" : string.Join(", ", replaying.Select(f => f.Name)))})."];
        }

        var action = request.Action?.ToLowerInvariant();
        if (action is not ("start" or "pause" or "resume" or "restart" or "speed"))
        {
            problems["action"] = ["action must be one of start, pause, resume, restart, speed."];
        }
        else if (action == "speed" && request.Speed is null)
        {
            problems["speed"] = ["speed is required with action speed."];
        }

        if (request.Speed is { } speed && !QuoteHubOptionsValidator.IsValidReplaySpeed(speed))
        {
            problems["speed"] = [$"speed must be 0 (as fast as possible) or a positive factor up to {QuoteHubReplayOptions.MaxSpeed}."];
        }

        return problems.Count > 0 ? null : feed!.Replay!.Control(action!, request.Speed);
    }

    /// <summary>Runs every feed's replay until the hub stops (the replay service calls it).</summary>
    internal Task RunReplaysAsync(CancellationToken stopping) =>
        Task.WhenAll(_feeds.Where(f => f.Replay is not null).Select(f => f.Replay!.RunAsync(_faults, stopping)));

    public void Dispose()
    {
        _publishGate.Dispose();
        foreach (var feed in _feeds)
        {
            // The engine asked the factory for these encoders, so it owns them.
            (feed.Encoder as IDisposable)?.Dispose();
        }
    }

    internal HubFeed? FindFeedByPath(string path) => Array.Find(_feeds, f => f.Path == path);

    internal bool IsRefusingConnections(HubFeed feed) => _faults.IsRefusingConnections(feed.Index);

    internal HubConnection OpenConnection(HubFeed feed, System.Net.WebSockets.WebSocket socket, HttpContext context, BinanceSession? session = null)
    {
        // A replay must lose no frame (at speed 0 it is faster than any client): its connections wait for room.
        var policy = feed.Replay is null ? _options.SlowClientPolicy : SlowClientPolicy.Backpressure;
        var connection = new HubConnection(
            Interlocked.Increment(ref _lastConnectionId), feed, socket, context, _options.ConnectionQueueCapacity, policy, _logger, session);
        feed.Add(connection);
        return connection;
    }

    internal void ReportGeneratorState(string state) => _generatorState = state;

    internal void ReportGeneratorError(Exception exception)
    {
        Interlocked.Increment(ref _roundErrors);
        _lastGeneratorError = exception.Message;
    }

    private ValueTask FlushAsync(int count, DateTimeOffset sourceTime, CancellationToken cancellationToken)
    {
        // Starting a new frame number releases every symbol for the next frame.
        _frameNumber = _frameNumber == int.MaxValue ? 1 : _frameNumber + 1;
        return BroadcastAsync(count, sourceTime, cancellationToken);
    }

    private async ValueTask BroadcastAsync(int count, DateTimeOffset sourceTime, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _updatesGenerated, count);
        if (_hasVenues)
        {
            FillFullBatch(count);
        }

        foreach (var feed in _feeds)
        {
            // Nobody listening: nothing is encoded, so the feed's sequence and counters stay true. A replaying feed sends its file only.
            if (feed.Connections.Length == 0 || feed.Replay is not null)
            {
                continue;
            }

            if (feed.Venue is null)
            {
                var frames = feed.Prepare(_batch.AsSpan(0, count), sourceTime, _faults, _faultRandom);
                if (frames.Count > 0)
                {
                    await feed.DeliverAsync(frames, cancellationToken);
                }

                continue;
            }

            // The venue sends one symbol per frame, so each price meets the faults as a frame of its own.
            for (var i = 0; i < count; i++)
            {
                var frames = feed.Prepare(_fullBatch.AsSpan(i, 1), sourceTime, _faults, _faultRandom);
                if (frames.Count > 0)
                {
                    await feed.DeliverAsync(frames, cancellationToken);
                }
            }
        }
    }

    private void FillFullBatch(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var symbol = _batch[i].Symbol;
            var (bid, ask) = _model.TryGetIndex(symbol, out var index) ? _model.Current(index) : (0m, 0m);
            _fullBatch[i] = new WirePrice(symbol, bid, ask);
        }
    }

    private HubFeed CreateFeed(int index, QuoteHubFeedOptions options, IFeedFrameEncoder encoder, IReadOnlyList<string> symbols)
    {
        if (options.Protocol is not (FeedProtocol.BinanceJson or FeedProtocol.BinanceSbe))
        {
            return new HubFeed(index, options, encoder);
        }

        var binance = encoder as IBinanceFrameEncoder
            ?? throw new InvalidOperationException($"The {options.Protocol} feed '{options.Name}' needs a Binance encoder, not {encoder.GetType().Name}.");
        return new HubFeed(index, options, encoder, new BinanceVenue(options, binance, symbols, unchecked((Seed * 17) + index)));
    }

    private static string ProtocolName(FeedProtocol protocol) => protocol switch
    {
        FeedProtocol.Json => "json",
        FeedProtocol.Protobuf => "protobuf",
        FeedProtocol.BinanceJson => "binance_json",
        _ => "binance_sbe",
    };

    private void ApplyRateIfChanged(long now)
    {
        var version = Volatile.Read(ref _rateVersion);
        if (version == _appliedRateVersion)
        {
            return;
        }

        _appliedRateVersion = version;
        var multiplier = Volatile.Read(ref _requestedMultiplier);
        _scheduler.SetMultiplier(multiplier, now);
        _model.SetRateMultiplier(multiplier);
    }

    private void MeasureRate(int generated)
    {
        _rateWindowUpdates += generated;
        var elapsed = _timeProvider.GetElapsedTime(_rateWindowStart);
        if (elapsed >= RateWindow)
        {
            Volatile.Write(ref _measuredUpdatesPerSecond, Math.Round(_rateWindowUpdates / elapsed.TotalSeconds, 1));
            _rateWindowStart = _timeProvider.GetTimestamp();
            _rateWindowUpdates = 0;
        }
    }
}
