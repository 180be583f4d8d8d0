using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>
/// The heart of the execution gateway: fills market orders and closes at the current price with slippage, rests
/// limit and stop orders until the market crosses them (<see cref="TriggerRule"/>), answers a repeated
/// <c>cl_ord_id</c> with the reports it already made, and applies the faults set over <c>/control</c>.
/// One lock orders every change; the connections write the reports.
/// </summary>
public sealed class ExecGatewayEngine
{
    private const int MaxUndelivered = 10_000;

    private readonly Lock _gate = new();
    private readonly ExecGatewayOptions _options;
    private readonly IExecutionPriceSource _prices;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Random _slippage;
    private readonly string _runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly Dictionary<string, GatewayRequest> _requests = new(StringComparer.Ordinal);
    private readonly Queue<string> _requestOrder = new();
    private readonly Dictionary<string, RestingOrder> _resting = new(StringComparer.Ordinal);
    private readonly List<LinkConnection> _connections = [];
    private readonly Queue<(ExecutionReport Report, LinkConnection? Owner)> _undelivered = new();
    private readonly Dictionary<string, long> _requestCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _reportCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rejectSymbols = new(StringComparer.Ordinal);
    private TaskCompletionSource _resumed = NewResumed(completed: true);
    private string? _rejectAll;
    private TimeSpan _delay;
    private int _copies = 1;
    private int _fillParts = 1;
    private decimal _maxSlippage;
    private long _reportSequence;
    private long _connectionIds;
    private long _repeatedRequests;
    private long _oversizedDrops;
    private long _slowDrops;
    private int _restingCount;

    public ExecGatewayEngine(IOptions<ExecGatewayOptions> options, IExecutionPriceSource prices, TimeProvider timeProvider, ILogger<ExecGatewayEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prices);
        _options = options.Value;
        _prices = prices;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxSlippage = _options.MaxSlippage;
        _slippage = new Random(_options.Seed ?? Random.Shared.Next());
        StartedAt = timeProvider.GetUtcNow();
        prices.PriceChanged += OnPriceChanged;
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Frames read from every connection, and those refused by category.</summary>
    public ProviderFrameCounters Frames { get; } = new();

    /// <summary>Rejects every order and close (null <paramref name="symbol"/>) or those of one symbol with <paramref name="reason"/>.</summary>
    public void SetReject(string? symbol, string reason)
    {
        lock (_gate)
        {
            if (symbol is null)
            {
                _rejectAll = reason;
            }
            else
            {
                _rejectSymbols[symbol] = reason;
            }
        }

        _logger.RejectSet(symbol ?? "all symbols", reason);
    }

    /// <summary>Stops rejecting (everything when <paramref name="symbol"/> is null, the global rule and every symbol's).</summary>
    public void ClearReject(string? symbol)
    {
        lock (_gate)
        {
            if (symbol is null)
            {
                _rejectAll = null;
                _rejectSymbols.Clear();
            }
            else
            {
                _rejectSymbols.Remove(symbol);
            }
        }

        _logger.RejectCleared(symbol ?? "all symbols");
    }

    /// <summary>Writes every report made from now on <paramref name="delay"/> late.</summary>
    public void SetDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, TimeSpan.FromMinutes(10));
        lock (_gate)
        {
            _delay = delay;
        }

        _logger.DelaySet(delay);
    }

    /// <summary>Writes each report made from now on <paramref name="copies"/> times (1 is normal).</summary>
    public void SetCopies(int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(copies, 10);
        lock (_gate)
        {
            _copies = copies;
        }

        _logger.CopiesSet(copies);
    }

    /// <summary>The most partial fills <see cref="SetFillParts"/> takes.</summary>
    public const int MaxFillParts = 10;

    /// <summary>
    /// Fills each new order made from now on in <paramref name="parts"/> partial fills (1 is normal): a report per part,
    /// <c>cumqty</c> rising to the order's quantity, each part one price step worse than the last (walking the book), and
    /// <c>avgpx</c> the average of all parts so far weighted by their quantity (to 10 places), as FIX's AvgPx.
    /// </summary>
    public void SetFillParts(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parts, MaxFillParts);
        lock (_gate)
        {
            _fillParts = parts;
        }

        _logger.FillPartsSet(parts);
    }

    public void SetMaxSlippage(decimal maxSlippage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSlippage, 0m);
        lock (_gate)
        {
            _maxSlippage = maxSlippage;
        }

        _logger.SlippageSet(maxSlippage);
    }

    /// <summary>Holds every report (requests are still read and decided) until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            if (_resumed.Task.IsCompleted)
            {
                _resumed = NewResumed(completed: false);
            }
        }

        _logger.PauseSet(true);
    }

    public void Resume()
    {
        lock (_gate)
        {
            _resumed.TrySetResult();
        }

        _logger.PauseSet(false);
    }

    /// <summary>Clears every fault: no rejects, no delay, one copy, whole fills, not paused.</summary>
    public void Reset()
    {
        ClearReject(null);
        SetDelay(TimeSpan.Zero);
        SetCopies(1);
        SetFillParts(1);
        Resume();
    }

    /// <summary>Aborts every open link connection, as a provider that falls over would.</summary>
    /// <returns>How many were dropped.</returns>
    public int DropConnections()
    {
        LinkConnection[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Abort("dropped on request (POST /control/drop)");
        }

        _logger.ConnectionsDropped(open.Length);
        return open.Length;
    }

    public IReadOnlyList<RestingOrderView> ListResting()
    {
        lock (_gate)
        {
            return [.. _resting.Values.Select(o => new RestingOrderView(
                o.Request.OrderId, o.Request.ClientOrderId, o.Request.Account.ToString(), o.Request.Symbol, TradingWire.Of(o.Request.Type), o.Volume, o.Price))];
        }
    }

    /// <summary>Every remembered close request with its executions, so a caller can tell a position closed twice at the provider.</summary>
    public IReadOnlyList<CloseExecutionView> ListCloses()
    {
        lock (_gate)
        {
            return [.. _requests.Values.Where(r => r.Message is CloseRequest).Select(r => new CloseExecutionView(
                r.Message.OrderId,
                r.Message.ClientOrderId,
                r.Message.Account.ToString(),
                ((CloseRequest)r.Message).Volume,
                r.Reports.Count(x => x.Status == ProviderOrderStatus.Executed),
                r.Reports.Count(x => x.Status == ProviderOrderStatus.Rejected)))];
        }
    }

    public ExecGatewayStatus GetStatus()
    {
        lock (_gate)
        {
            return new ExecGatewayStatus(
                _timeProvider.GetUtcNow(),
                StartedAt,
                [.. _connections.Select(c => new LinkConnectionView(c.Id, c.Remote, c.Requests, c.Reports, c.Queued, c.Delaying))],
                new SortedDictionary<string, long>(_requestCounts, StringComparer.Ordinal),
                _repeatedRequests,
                new SortedDictionary<string, long>(_reportCounts, StringComparer.Ordinal),
                Frames.Decoded,
                Frames.RefusedByCategory(),
                Interlocked.Read(ref _oversizedDrops),
                Interlocked.Read(ref _slowDrops),
                _resting.Count,
                _undelivered.Count,
                _prices is ExecutionPriceBook book ? book.Count : 0,
                new ExecGatewayControls(_rejectAll, new SortedDictionary<string, string>(_rejectSymbols, StringComparer.Ordinal), (long)_delay.TotalMilliseconds, _copies, !_resumed.Task.IsCompleted, _maxSlippage, _fillParts));
        }
    }

    internal Task WhenResumedAsync(CancellationToken cancellationToken)
    {
        Task resumed;
        lock (_gate)
        {
            resumed = _resumed.Task;
        }

        return resumed.WaitAsync(cancellationToken);
    }

    internal void CountOversizedDrop() => Interlocked.Increment(ref _oversizedDrops);

    internal LinkConnection? TryAttach(ConnectionContext context, out string? refusal)
    {
        lock (_gate)
        {
            if (_connections.Count >= _options.MaxConnections)
            {
                refusal = $"{_connections.Count} connections are open (ExecGateway:MaxConnections)";
                return null;
            }

            var connection = new LinkConnection(++_connectionIds, context, _timeProvider, _options.MaxQueuedReports);
            _connections.Add(connection);
            refusal = null;

            // Reports made while nobody was connected go to the first connection back.
            while (_undelivered.TryDequeue(out var waiting))
            {
                Deliver(waiting.Report, connection);
            }

            return connection;
        }
    }

    internal void Detach(LinkConnection connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    internal void Handle(LinkConnection from, ProviderMessage message)
    {
        from.CountRequest();
        lock (_gate)
        {
            if (message is ExecutionReport)
            {
                _logger.UnexpectedMessage(from.Id, "exec_report");
                return;
            }

            Increment(_requestCounts, KindOf(message));
            if (_requests.TryGetValue(message.ClientOrderId, out var seen))
            {
                // The peer lost track (a reconnect): answer with what it was told before, under the same report ids.
                _repeatedRequests++;
                foreach (var report in seen.Reports)
                {
                    Deliver(report, from);
                }

                if (_resting.TryGetValue(RestingOrder.Keys.Of(seen.Message), out var order) && ReferenceEquals(order.Origin, seen))
                {
                    order.Owner = from;
                }

                return;
            }

            var request = Remember(message);
            switch (message)
            {
                case NewOrderRequest order:
                    PlaceOrder(request, order, from);
                    break;
                case CloseRequest close:
                    Close(request, close, from);
                    break;
                case CancelRequest cancel:
                    Cancel(request, cancel, from);
                    break;
                case ModifyRequest modify:
                    Modify(request, modify, from);
                    break;
            }
        }
    }

    private void PlaceOrder(GatewayRequest request, NewOrderRequest order, LinkConnection from)
    {
        var side = OrderTypeRules.SideOf(order.Type);
        if (RejectionFor(order.Symbol) is { } reason)
        {
            Report(request, from, order, ProviderOrderStatus.Rejected, side, 0m, reason: reason);
            return;
        }

        if (!_prices.TryGetQuote(order.Symbol, out var bid, out var ask))
        {
            Report(request, from, order, ProviderOrderStatus.Rejected, side, 0m, reason: $"NO_PRICE: the gateway knows no price of {order.Symbol}");
            return;
        }

        if (_resting.ContainsKey(RestingOrder.Keys.Of(order)))
        {
            Report(request, from, order, ProviderOrderStatus.Rejected, side, 0m, reason: $"DUPLICATE_ORDER: {order.OrderId} is already resting");
            return;
        }

        var market = side == TradeSide.Buy ? ask : bid;
        if (!OrderTypeRules.IsPending(order.Type))
        {
            Fill(request, from, order, side, order.Volume, Slipped(market, side));
            return;
        }

        var resting = new RestingOrder(order, request, from);
        if (TriggerRule.PendingFires(order.Type, resting.Price, market))
        {
            // Already crossed: a marketable limit fills at the market, a stop as the market order it becomes.
            Fill(request, from, order, side, order.Volume, FillPrice(resting, market));
            return;
        }

        _resting.Add(resting.Key, resting);
        Volatile.Write(ref _restingCount, _resting.Count);
        Report(request, from, order, ProviderOrderStatus.Pending, side, order.Volume, price: resting.Price);
    }

    private void Close(GatewayRequest request, CloseRequest close, LinkConnection from)
    {
        if (RejectionFor(close.Symbol) is { } reason)
        {
            Report(request, from, close, ProviderOrderStatus.Rejected, close.Side, 0m, reason: reason);
        }
        else if (!_prices.TryGetQuote(close.Symbol, out var bid, out var ask))
        {
            Report(request, from, close, ProviderOrderStatus.Rejected, close.Side, 0m, reason: $"NO_PRICE: the gateway knows no price of {close.Symbol}");
        }
        else
        {
            Report(request, from, close, ProviderOrderStatus.Executed, close.Side, close.Volume, averagePrice: Slipped(close.Side == TradeSide.Buy ? ask : bid, close.Side));
        }
    }

    private void Cancel(GatewayRequest request, CancelRequest cancel, LinkConnection from)
    {
        if (!_resting.Remove(RestingOrder.Keys.Of(cancel), out var order))
        {
            Report(request, from, cancel, ProviderOrderStatus.Rejected, TradeSide.Buy, 0m, reason: $"NOT_RESTING: {cancel.OrderId} is not resting here (filled, cancelled or unknown)");
            return;
        }

        Volatile.Write(ref _restingCount, _resting.Count);
        Report(request, from, cancel, ProviderOrderStatus.Cancelled, order.Side, order.Volume, price: order.Price);
    }

    private void Modify(GatewayRequest request, ModifyRequest modify, LinkConnection from)
    {
        if (!_resting.TryGetValue(RestingOrder.Keys.Of(modify), out var order))
        {
            Report(request, from, modify, ProviderOrderStatus.Rejected, TradeSide.Buy, 0m, reason: $"NOT_RESTING: {modify.OrderId} is not resting here (filled, cancelled or unknown)");
            return;
        }

        if (RejectionFor(modify.Symbol) is { } reason)
        {
            Report(request, from, modify, ProviderOrderStatus.Rejected, order.Side, order.Volume, reason: reason);
            return;
        }

        order.Price = modify.Price ?? order.Price;
        order.Volume = modify.Volume ?? order.Volume;
        Report(request, from, modify, ProviderOrderStatus.Modify, order.Side, order.Volume, price: order.Price);
        FireIfCrossed(order.Request.Symbol);
    }

    private void OnPriceChanged(string symbol)
    {
        // Every tick of every symbol comes here; only a gateway with resting orders needs the lock.
        if (Volatile.Read(ref _restingCount) == 0)
        {
            return;
        }

        lock (_gate)
        {
            FireIfCrossed(symbol);
        }
    }

    private void FireIfCrossed(string symbol)
    {
        if (!_prices.TryGetQuote(symbol, out var bid, out var ask))
        {
            return;
        }

        List<RestingOrder>? fired = null;
        foreach (var order in _resting.Values)
        {
            if (order.Request.Symbol == symbol && TriggerRule.PendingFires(order.Request.Type, order.Price, order.Side == TradeSide.Buy ? ask : bid))
            {
                (fired ??= []).Add(order);
            }
        }

        foreach (var order in fired ?? [])
        {
            _resting.Remove(order.Key);
            var market = order.Side == TradeSide.Buy ? ask : bid;
            Fill(order.Origin, order.Owner, order.Request, order.Side, order.Volume, FillPrice(order, market));
        }

        Volatile.Write(ref _restingCount, _resting.Count);
    }

    /// <summary>A new order's fill: one EXECUTED report, or one per part (see <see cref="SetFillParts"/>) in 0.01-lot parts.</summary>
    private void Fill(GatewayRequest request, LinkConnection? to, NewOrderRequest order, TradeSide side, decimal volume, decimal price)
    {
        var parts = (int)Math.Min(_fillParts, Math.Floor(volume / 0.01m));
        if (parts <= 1)
        {
            Report(request, to, order, ProviderOrderStatus.Executed, side, volume, averagePrice: price);
            return;
        }

        // Each part one step of the price's precision worse, so the weighted average differs from any one part's price.
        var step = 1m / (decimal)Math.Pow(10, Math.Max((int)price.Scale, 1));
        var part = Math.Floor(volume / parts / 0.01m) * 0.01m;
        var (filled, cost) = (0m, 0m);
        for (var i = 0; i < parts; i++)
        {
            var quantity = i == parts - 1 ? volume - filled : part;
            var at = side == TradeSide.Buy ? price + (i * step) : price - (i * step);
            filled += quantity;
            cost += quantity * at;
            Report(request, to, order, ProviderOrderStatus.Executed, side, filled, averagePrice: Math.Round(cost / filled, 10));
        }
    }

    /// <summary>A limit fills at the market that crossed it (at its price or better); a stop becomes a market order and slips.</summary>
    private decimal FillPrice(RestingOrder order, decimal market) =>
        order.Request.Type is OrderType.BuyLimit or OrderType.SellLimit ? market : Slipped(market, order.Side);

    /// <summary>The price made worse for the client by a random slippage in 0..max, at the price's own precision.</summary>
    private decimal Slipped(decimal price, TradeSide side)
    {
        if (_maxSlippage == 0m)
        {
            return price;
        }

        var slip = Math.Round(_maxSlippage * _slippage.Next(0, 1001) / 1000m, Math.Max(price.Scale, _maxSlippage.Scale), MidpointRounding.ToZero);
        return side == TradeSide.Buy ? price + slip : price - slip;
    }

    private string? RejectionFor(string symbol) =>
        _rejectSymbols.TryGetValue(symbol, out var reason) ? reason : _rejectAll;

    private void Report(
        GatewayRequest request,
        LinkConnection? to,
        ProviderMessage about,
        ProviderOrderStatus status,
        TradeSide side,
        decimal quantity,
        decimal? averagePrice = null,
        decimal? price = null,
        string? reason = null)
    {
        var report = new ExecutionReport
        {
            ClientOrderId = request.Message.ClientOrderId,
            OrderId = about.OrderId,
            Account = about.Account,
            Symbol = about.Symbol,
            ReportId = $"{_runId}-{++_reportSequence}",
            Status = status,
            Side = side,
            CumulativeQuantity = quantity,
            AveragePrice = averagePrice,
            Price = price,
            Reason = reason is null ? null : Truncate(reason),
            TransactTime = _timeProvider.GetUtcNow(),
        };
        request.Reports.Add(report);
        Increment(_reportCounts, ProviderMessageCodec.StatusName(status));
        Deliver(report, to);
    }

    /// <summary>To the connection that asked while it is open, else the newest open one, else kept for the next.</summary>
    private void Deliver(ExecutionReport report, LinkConnection? preferred)
    {
        var target = preferred is not null && _connections.Contains(preferred) ? preferred : _connections.LastOrDefault();
        if (target is null)
        {
            if (_undelivered.Count >= MaxUndelivered)
            {
                _undelivered.Dequeue();
                _logger.UndeliveredDropped(1);
            }

            _undelivered.Enqueue((report, preferred));
            return;
        }

        if (!target.TryEnqueue(report, _delay, _copies))
        {
            Interlocked.Increment(ref _slowDrops);
            target.Abort($"more than {_options.MaxQueuedReports} reports queued (ExecGateway:MaxQueuedReports)");
        }
    }

    private GatewayRequest Remember(ProviderMessage message)
    {
        var request = new GatewayRequest(message);
        _requests.Add(message.ClientOrderId, request);
        _requestOrder.Enqueue(message.ClientOrderId);
        if (_requestOrder.Count > _options.MaxRememberedRequests)
        {
            _requests.Remove(_requestOrder.Dequeue());
        }

        return request;
    }

    private static string KindOf(ProviderMessage message) => message switch
    {
        NewOrderRequest => "new_order",
        CloseRequest => "close",
        CancelRequest => "cancel",
        _ => "modify",
    };

    private static string Truncate(string reason) =>
        System.Text.Encoding.UTF8.GetByteCount(reason) <= ProviderMessageCodec.MaxReasonBytes ? reason : reason[..(ProviderMessageCodec.MaxReasonBytes / 4)];

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static TaskCompletionSource NewResumed(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }
}
