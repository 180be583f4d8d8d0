using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Store;

namespace Tickwatch.Trading.Portfolio;

/// <summary>
/// The calculator's copy of one account: its configuration and active orders as positions with their terms, the
/// symbols it holds and needs (its own and its conversion crosses), and whether it awaits a store read or a recompute.
/// Touched only by the calculator's consumer.
/// </summary>
internal sealed class TrackedAccount(AccountId id)
{
    private readonly Dictionary<string, Order> _orders = new(StringComparer.Ordinal);

    public AccountId Id { get; } = id;

    /// <summary>Null until the store was read once.</summary>
    public TradingAccount? Account { get; private set; }

    public long Revision { get; private set; } = -1;

    public bool HasOrders => _orders.Count > 0;

    public IReadOnlyList<PortfolioPosition> Positions { get; private set; } = [];

    /// <summary>Symbols of its open positions and resting orders: what <c>symbol_holders</c> lists it under.</summary>
    public IReadOnlySet<string> Held { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Symbols whose price moves its figures: those held and their conversion crosses.</summary>
    public IReadOnlySet<string> Needs { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How each profit currency becomes the account currency (null: no listed cross).</summary>
    public Dictionary<string, CurrencyConversion?> Conversions { get; } = new(StringComparer.Ordinal);

    /// <summary>Symbols of orders whose group no longer has terms for them: the portfolio cannot be valued.</summary>
    public Dictionary<string, RefusalReason> Unvalued { get; } = new(StringComparer.Ordinal);

    /// <summary>The store must be read before the next valuation (a commit, a recompute request, or a failed read).</summary>
    public bool NeedsRefresh { get; set; } = true;

    /// <summary>The symbols the store's <c>symbol_holders</c> sets were last told it holds.</summary>
    public IReadOnlySet<string> HeldInStore { get; set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Queued for the next valuation.</summary>
    public bool Dirty { get; set; }

    /// <summary>When the oldest quote that made it dirty was received (for the recompute latency), if a quote did.</summary>
    public DateTimeOffset? DirtySince { get; set; }

    /// <summary>The margin level of the last written portfolio that had one: how near its AutoCutoff levels the account was.</summary>
    public decimal? LastMarginLevel { get; set; }

    /// <summary>The symbols the last written portfolio was degraded on, as written; null when it was valued.</summary>
    public string? DegradedText { get; set; }

    /// <summary>Takes the committed orders in: an active one replaces its copy, a final one leaves.</summary>
    public void Apply(IReadOnlyList<Order> orders)
    {
        foreach (var order in orders)
        {
            if (OrderTypeRules.IsFinal(order.Status))
            {
                _orders.Remove(order.Id);
            }
            else
            {
                _orders[order.Id] = order;
            }
        }
    }

    /// <summary>Replaces everything with the store's state; false (and nothing changed) when it is older than the copy held.</summary>
    public bool Reset(AccountState state)
    {
        if (state.Revision < Revision)
        {
            return false;
        }

        Account = state.Account;
        Revision = state.Revision;
        _orders.Clear();
        foreach (var order in state.ActiveOrders)
        {
            _orders[order.Id] = order;
        }

        return true;
    }

    /// <summary>The (group, symbol) pairs whose terms its orders need.</summary>
    public IEnumerable<(string Group, string Symbol)> TermsNeeded() => _orders.Values.Select(o => (o.Group, o.Symbol)).Distinct();

    /// <summary>Builds positions, held and needed symbols from the orders, with the terms and crosses given.</summary>
    public void Rebuild(Func<string, string, GroupSymbolTerms?> terms, Func<string, string, CurrencyConversion?> conversion)
    {
        var currency = Account?.Currency ?? "USD";
        var positions = new List<PortfolioPosition>(_orders.Count);
        var held = new HashSet<string>(StringComparer.Ordinal);
        var needs = new HashSet<string>(StringComparer.Ordinal);
        Unvalued.Clear();
        Conversions.Clear();
        foreach (var order in _orders.Values.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal))
        {
            held.Add(order.Symbol);
            needs.Add(order.Symbol);
            if (terms(order.Group, order.Symbol) is not { } found)
            {
                Unvalued[order.Symbol] = RefusalReason.UnknownSymbol;
                continue;
            }

            PortfolioPositions.AddTo(positions, order, found);
            if (!Conversions.ContainsKey(found.ProfitCurrency))
            {
                var convert = conversion(found.ProfitCurrency, currency);
                Conversions[found.ProfitCurrency] = convert;
                if (convert?.Symbol is { } cross)
                {
                    needs.Add(cross);
                }
            }
        }

        Positions = positions;
        Held = held;
        Needs = needs;
    }
}
