using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Ledger;

/// <summary>
/// Every row a batch writes, worked out in memory from the rows it touches as the ledger held them before (accounts'
/// balances and positions, orders' states): per account in the batch's order, duplicates skipped and counted, each
/// order event compared with the state the events before it left (<see cref="LedgerChanges"/>). Pure: the store reads
/// the state up front and writes the statements after, in one transaction.
/// </summary>
internal sealed class LedgerWritePlan
{
    private static readonly string UpsertOrderSql =
        $"INSERT INTO orders ({string.Join(", ", LedgerStore.OrderColumns)}) VALUES ({string.Join(", ", LedgerStore.OrderColumns.Select(c => "@" + c))}) " +
        $"ON CONFLICT (account, order_id) DO UPDATE SET {string.Join(", ", LedgerStore.OrderColumns.Skip(2).Select(c => c + " = excluded." + c))}";

    private readonly LedgerRows _newAccounts = LedgerRows.Insert("accounts", "account", "balance", "updated_at");

    private readonly LedgerRows _events = LedgerRows.Insert("ledger_events", "account", "revision", "event_index", "kind", "order_id", "occurred_at", "applied_at");

    private readonly LedgerRows _orders = new(UpsertOrderSql, [.. LedgerStore.OrderColumns]);

    private readonly LedgerRows _history = LedgerRows.Insert("order_status_history", "account", "revision", "event_index", "order_id", "kind", "status", "volume", "occurred_at");

    private readonly LedgerRows _deals = LedgerRows.Insert(
        "deals", "account", "revision", "event_index", "seq", "order_id", "deal_kind", "symbol", "side", "volume", "price", "profit", "occurred_at", "quote_bid", "quote_ask",
        "quote_book_sequence", "quote_feed", "quote_source_time", "quote_received_at", "quote_age_ms", "quote_half_spread");

    private readonly LedgerRows _operations = LedgerRows.Insert(
        "balance_operations", "account", "revision", "event_index", "seq", "operation", "amount", "balance_after", "order_id", "comment", "occurred_at");

    private readonly LedgerRows _decisions = LedgerRows.Insert(
        "autocutoff_decisions", "account", "revision", "event_index", "decision", "margin_level", "equity", "used_margin", "order_id", "reason", "occurred_at");

    private readonly LedgerRows _configurations = new(
        "UPDATE accounts SET leverage = @leverage, account_group = @group, route = @route, email = @email, auto_cutoff_level = @cutoff, " +
        "auto_liquidation_level = @liquidation, status = @status, currency = @currency WHERE account = @account",
        "account", "leverage", "group", "route", "email", "cutoff", "liquidation", "status", "currency");

    private readonly LedgerRows _positions = new(
        "UPDATE accounts SET balance = @balance, last_revision = @revision, last_event_index = @index, updated_at = @at WHERE account = @account",
        "account", "balance", "revision", "index", "at");

    private LedgerWritePlan()
    {
    }

    public int Applied { get; private set; }

    public int Duplicates { get; private set; }

    /// <summary>The statements with their rows, in the order they run (new accounts' rows before their updates).</summary>
    public IReadOnlyList<LedgerRows> Statements =>
        [.. new[] { _newAccounts, _events, _orders, _history, _deals, _operations, _decisions, _configurations, _positions }.Where(s => s.Rows.Count > 0)];

    /// <summary>The accounts the batch touches, in the order they first appear.</summary>
    public static IReadOnlyList<AccountId> AccountsOf(IReadOnlyList<LedgerEvent> batch) => [.. batch.Select(e => e.Id.Account).Distinct()];

    /// <summary>The orders the batch's order events touch, each once.</summary>
    public static IReadOnlyList<(AccountId Account, string OrderId)> OrdersOf(IReadOnlyList<LedgerEvent> batch) =>
        [.. batch.Where(e => e.Order is not null).Select(e => (e.Id.Account, e.Order!.Id)).Distinct()];

    /// <param name="batch">A batch whose accounts' events rise (checked before).</param>
    /// <param name="accounts">The batch's accounts that have a row, with their balance and position.</param>
    /// <param name="orders">The batch's orders that have a row, as recorded.</param>
    /// <param name="now">When the batch is applied.</param>
    public static LedgerWritePlan Of(
        IReadOnlyList<LedgerEvent> batch,
        IReadOnlyDictionary<AccountId, (decimal Balance, LedgerEventId? Position)> accounts,
        IReadOnlyDictionary<(AccountId Account, string OrderId), Order> orders,
        DateTimeOffset now)
    {
        var plan = new LedgerWritePlan();
        var states = new Dictionary<(AccountId, string), Order>(orders);
        var changed = new Dictionary<(AccountId, string), (Order Order, LedgerEventId Id)>();

        // GroupBy keeps the batch's order within each account.
        foreach (var events in batch.GroupBy(e => e.Id.Account))
        {
            var account = events.Key;
            var (balance, position) = accounts.TryGetValue(account, out var known) ? known : (0m, null);
            if (!accounts.ContainsKey(account))
            {
                plan._newAccounts.Add(account.ToString(), 0m, now);
            }

            foreach (var ledgerEvent in events)
            {
                if (!ledgerEvent.Id.IsAfter(position))
                {
                    plan.Duplicates++;
                    continue;
                }

                balance = plan.Apply(ledgerEvent, balance, now, states, changed);
                position = ledgerEvent.Id;
                plan.Applied++;
            }

            plan._positions.Add(account.ToString(), balance, position?.Revision, (long?)position?.Index, now);
        }

        // An order's row is its state after the batch's last event of it.
        foreach (var (order, id) in changed.Values)
        {
            plan._orders.Add(OrderValues(order, id));
        }

        return plan;
    }

    /// <summary>The values of an order's row, in <see cref="LedgerStore.OrderColumns"/>' order.</summary>
    private static object?[] OrderValues(Order order, LedgerEventId id) =>
    [
        order.Account.ToString(), order.Id, order.Symbol, TradingWire.Of(order.Type), TradingWire.Of(order.Status), OrderTypeRules.IsFinal(order.Status) ? 0L : 1L,
        order.Volume, order.Group, TradingWire.Of(order.Route), order.CreatedAt, order.PendingPrice, order.OpenPrice, order.OpenedAt, order.StopLoss, order.TakeProfit,
        order.Commission, order.Swap, order.RealisedProfit, order.ClosePrice, order.ClosedAt, order.CloseReason, LedgerJson.Write(order.OpenQuote),
        LedgerJson.Write(order.CloseQuote), LedgerJson.Write(order.ClientQuote), id.Revision, (long)id.Index, order.ProviderRequest?.Write(),
        order.WorkingVolume,
    ];

    /// <summary>Adds one event's rows; returns the balance after it.</summary>
    private decimal Apply(
        LedgerEvent ledgerEvent, decimal balance, DateTimeOffset now, Dictionary<(AccountId, string), Order> states, Dictionary<(AccountId, string), (Order, LedgerEventId)> changed)
    {
        var id = ledgerEvent.Id;
        var account = id.Account.ToString();
        _events.Add(account, id.Revision, (long)id.Index, ledgerEvent.Kind, ledgerEvent.Order?.Id, ledgerEvent.At, now);

        if (ledgerEvent.Order is { } order)
        {
            var key = (id.Account, order.Id);
            var before = states.GetValueOrDefault(key);
            states[key] = order;
            changed[key] = (order, id);
            _history.Add(account, id.Revision, (long)id.Index, order.Id, ledgerEvent.Kind, TradingWire.Of(order.Status), order.Volume, ledgerEvent.At);

            var seq = 0L;
            foreach (var (kind, side, volume, price, profit, quote) in LedgerChanges.DealsOf(before, order))
            {
                _deals.Add(
                    account, id.Revision, (long)id.Index, seq++, order.Id, LedgerWire.Of(kind), order.Symbol, TradingWire.Of(side), volume, price, profit, ledgerEvent.At,
                    quote?.Bid, quote?.Ask, quote?.BookSequence, quote?.Feed, quote?.SourceTime, quote?.ReceivedAt, quote?.AgeMilliseconds, quote?.HalfSpread);
            }

            seq = 0L;
            foreach (var (kind, amount) in LedgerChanges.OperationsOf(before, order))
            {
                balance += amount;
                _operations.Add(account, id.Revision, (long)id.Index, seq++, LedgerWire.Of(kind), amount, balance, order.Id, null, ledgerEvent.At);
            }
        }
        else if (ledgerEvent.Balance is { } change)
        {
            balance += change.Amount;
            _operations.Add(account, id.Revision, (long)id.Index, 0L, LedgerWire.Of(change.Kind), change.Amount, balance, null, change.Comment, ledgerEvent.At);
        }
        else if (ledgerEvent.Account is { } configuration)
        {
            _configurations.Add(
                account, configuration.Leverage, configuration.Group, TradingWire.Of(configuration.Route), configuration.Email, configuration.AutoCutoffLevel,
                configuration.AutoLiquidationLevel, TradingWire.Of(configuration.Status), configuration.Currency);
        }
        else if (ledgerEvent.AutoCutoff is { } decision)
        {
            _decisions.Add(
                account, id.Revision, (long)id.Index, decision.Decision, decision.MarginLevel, decision.Equity, decision.UsedMargin, decision.OrderId, decision.Reason,
                ledgerEvent.At);
        }

        return balance;
    }
}
