using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Core.Symbols;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Accounts;
using Tickwatch.Trading.Engine;
using Tickwatch.Trading.Orders;
using Tickwatch.Trading.Portfolio;
using Tickwatch.Trading.Store;

namespace Tickwatch.Market.Trading;

/// <summary>
/// The trading engine's routes under <c>/api/trading</c>, for the gateway (which maps its client's token to the
/// account) and for operators: orders, the account with its portfolio, and the admin of accounts and group terms.
/// Every refusal is problem details with its <c>reason</c> (<c>STALE_PRICE</c>, <c>REQUOTE</c>, …) and figures.
/// </summary>
public static class TradingEndpoints
{
    public const string Prefix = "/api/trading";

    /// <summary>The header carrying a request's idempotency key; a repeat answers with the first result.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapTradingRoutes(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.AddEndpointFilter<TradingStoreFailureFilter>();
        group.MapPost("/accounts/{account}/orders", PlaceAsync).WithName("PlaceOrder").WithSummary("Places an order (market or pending) for the account.");
        group.MapGet("/accounts/{account}/orders", ListAsync).WithName("ListOrders").WithSummary("The account's open positions and resting orders.");
        group.MapGet("/accounts/{account}/orders/{orderId}", ReadOrderAsync).WithName("ReadOrder").WithSummary("One order of the account, active or recently final.");
        group.MapPost("/accounts/{account}/orders/{orderId}/close", CloseAsync).WithName("CloseOrder").WithSummary("Closes a position, whole or in part.");
        group.MapPost("/accounts/{account}/orders/{orderId}/cancel", CancelAsync).WithName("CancelOrder").WithSummary("Cancels a resting order.");
        group.MapPatch("/accounts/{account}/orders/{orderId}", ModifyAsync).WithName("ModifyOrder").WithSummary("Changes stops or a pending price.");
        group.MapGet("/accounts/{account}", ReadAccountAsync).WithName("ReadAccount").WithSummary("The account, its active orders and its portfolio valued now.");
        group.MapPut("/accounts/{account}", PutAccountAsync).WithName("PutAccount").WithSummary("Creates or changes an account.");
        group.MapGet("/groups", ListTermsAsync).WithName("ListGroupTerms").WithSummary("Every group's terms per symbol.");
        group.MapPut("/groups/{group}/symbols/{symbol}", PutTermsAsync).WithName("PutGroupTerms").WithSummary("Sets a group's terms for a symbol.");
        return group;
    }

    private static async Task<IResult> PlaceAsync(string account, PlaceOrderBody body, HttpRequest request, TradingEngine engine, CancellationToken cancellationToken)
    {
        if (!AccountId.TryParse(account, out var id))
        {
            return BadAccount(account);
        }

        if (body.Symbol is not { Length: > 0 } symbol || body.Type is null || !TradingWire.TryParseOrderType(body.Type, out var type) || body.Volume is not { } volume)
        {
            return Invalid("An order needs symbol, type (BUY, SELL, BUY_LIMIT, SELL_LIMIT, BUY_STOP, SELL_STOP) and volume.");
        }

        var outcome = await engine.PlaceAsync(
            new PlaceOrder
            {
                Account = id,
                Symbol = symbol,
                Type = type,
                Volume = volume,
                Price = body.Price,
                StopLoss = body.StopLoss,
                TakeProfit = body.TakeProfit,
                SeenPrice = body.SeenPrice,
                SeenSequence = body.SeenSequence,
                MaxDeviation = body.MaxDeviation,
                IdempotencyKey = request.Headers[IdempotencyKeyHeader].ToString(),
            },
            cancellationToken).ConfigureAwait(false);
        return Answer(outcome, created: true);
    }

    private static async Task<IResult> ListAsync(string account, ITradingStore store, CancellationToken cancellationToken)
    {
        if (!AccountId.TryParse(account, out var id))
        {
            return BadAccount(account);
        }

        return await store.ReadAccountAsync(id, cancellationToken).ConfigureAwait(false) is { } state
            ? Json(TradingJson.Orders(state.ActiveOrders))
            : Refusal(OrderOutcome.Refused(RefusalReason.UnknownAccount, $"Account {id} does not exist."));
    }

    private static async Task<IResult> ReadOrderAsync(string account, string orderId, ITradingStore store, CancellationToken cancellationToken)
    {
        if (!AccountId.TryParse(account, out var id))
        {
            return BadAccount(account);
        }

        return await store.ReadOrderAsync(id, orderId, cancellationToken).ConfigureAwait(false) is { } order
            ? Json(OrderJson.Write(order))
            : Refusal(OrderOutcome.Refused(RefusalReason.OrderNotFound, $"Order {orderId} is not an order of {id}."));
    }

    private static async Task<IResult> CloseAsync(string account, string orderId, CloseOrderBody? body, HttpRequest request, TradingEngine engine, CancellationToken cancellationToken) =>
        AccountId.TryParse(account, out var id)
            ? Answer(await engine.CloseAsync(new CloseOrder(id, orderId, request.Headers[IdempotencyKeyHeader].ToString(), body?.Volume), cancellationToken).ConfigureAwait(false))
            : BadAccount(account);

    private static async Task<IResult> CancelAsync(string account, string orderId, HttpRequest request, TradingEngine engine, CancellationToken cancellationToken) =>
        AccountId.TryParse(account, out var id)
            ? Answer(await engine.CancelAsync(new CancelOrder(id, orderId, request.Headers[IdempotencyKeyHeader].ToString()), cancellationToken).ConfigureAwait(false))
            : BadAccount(account);

    private static async Task<IResult> ModifyAsync(string account, string orderId, ModifyOrderBody body, HttpRequest request, TradingEngine engine, CancellationToken cancellationToken) =>
        AccountId.TryParse(account, out var id)
            ? Answer(await engine.ModifyAsync(
                new ModifyOrder(id, orderId, request.Headers[IdempotencyKeyHeader].ToString(), body.StopLoss, body.TakeProfit, body.Price), cancellationToken).ConfigureAwait(false))
            : BadAccount(account);

    private static async Task<IResult> ReadAccountAsync(string account, TradingEngine engine, CancellationToken cancellationToken)
    {
        if (!AccountId.TryParse(account, out var id))
        {
            return BadAccount(account);
        }

        return await engine.ValueAsync(id, cancellationToken).ConfigureAwait(false) is { } valued
            ? Json(TradingJson.Account(valued.State, valued.Valuation))
            : Refusal(OrderOutcome.Refused(RefusalReason.UnknownAccount, $"Account {id} does not exist."));
    }

    private static async Task<IResult> PutAccountAsync(
        string account, AccountBody body, ITradingStore store, TradingEngine engine, PortfolioCalculator portfolios, CancellationToken cancellationToken)
    {
        if (!AccountId.TryParse(account, out var id))
        {
            return BadAccount(account);
        }

        var current = (await store.ReadAccountAsync(id, cancellationToken).ConfigureAwait(false))?.Account;
        var problems = new List<string>();
        var route = ExecutionRoute.Local;
        var status = AccountStatus.Active;
        if (body.SendingOrders is { } routeText && !TradingWire.TryParseRoute(routeText, out route))
        {
            problems.Add($"sending_orders '{routeText}' is not local or provider.");
        }

        if (body.Status is { } statusText && !TradingWire.TryParseAccountStatus(statusText, out status))
        {
            problems.Add($"status '{statusText}' is not active, close_only or disabled.");
        }

        var changed = new TradingAccount
        {
            Id = id,
            WalletBalance = body.WalletBalance ?? current?.WalletBalance ?? 0m,
            Leverage = body.Leverage ?? current?.Leverage ?? 0m,
            Group = body.Group ?? current?.Group ?? string.Empty,
            Route = body.SendingOrders is null ? current?.Route ?? ExecutionRoute.Local : route,
            Email = body.Email ?? current?.Email,
            AutoCutoffLevel = body.AutoCutoffLevel ?? current?.AutoCutoffLevel ?? 50m,
            AutoLiquidationLevel = body.AutoLiquidationLevel ?? current?.AutoLiquidationLevel ?? 10m,
            Status = body.Status is null ? current?.Status ?? AccountStatus.Active : status,
            Currency = body.Currency ?? current?.Currency ?? "USD",
        };
        if (changed.WalletBalance < 0m)
        {
            problems.Add("wallet_balance must not be negative.");
        }

        if (changed.Leverage <= 0m)
        {
            problems.Add("leverage must be above 0.");
        }

        if (changed.Group.Length == 0)
        {
            problems.Add("group is required.");
        }

        if (changed.AutoLiquidationLevel >= changed.AutoCutoffLevel)
        {
            problems.Add("auto_liquidation_level must be below auto_cutoff_level.");
        }

        if (problems.Count > 0)
        {
            return Invalid(string.Join(" ", problems));
        }

        await store.PutAccountAsync(changed, cancellationToken).ConfigureAwait(false);

        // A new balance or leverage changes the stored portfolio at once, not at the symbol's next quote.
        portfolios.RequestRecalc([id]);
        return await ReadAccountAsync(account, engine, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ListTermsAsync(ITradingStore store, CancellationToken cancellationToken)
    {
        var terms = await store.ListTermsAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(terms
            .GroupBy(t => t.Group, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Symbol, StringComparer.Ordinal).Select(TermsView).ToList(), StringComparer.Ordinal));
    }

    private static async Task<IResult> PutTermsAsync(string group, string symbol, GroupTermsBody body, ITradingStore store, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        InstrumentKind kind = default;
        if (body.Type is not { } typeText || !Enum.TryParse(typeText, ignoreCase: true, out kind))
        {
            problems.Add($"type must be one of {string.Join(", ", Enum.GetNames<InstrumentKind>()).ToLowerInvariant()}.");
        }

        if (body.Spread is not >= 0m || body.SpreadPip is not >= 0m || body.ContractSize is not > 0m || body.Profit is not { Length: 3 })
        {
            problems.Add("spread and spread_pip (at least 0), contract_size (above 0) and profit (a currency such as USD) are required.");
        }

        if (problems.Count > 0)
        {
            return Invalid(string.Join(" ", problems));
        }

        var terms = new GroupSymbolTerms
        {
            Group = group,
            Symbol = symbol,
            Spread = body.Spread!.Value,
            SpreadPip = body.SpreadPip!.Value,
            ContractSize = body.ContractSize!.Value,
            ProfitCurrency = body.Profit!,
            InstrumentType = kind,
            CryptoMarginFactor = body.CryptoMarginFactor ?? 1m,
            CommissionPerLot = body.Commission ?? 0m,
            SwapLong = body.SwapLong ?? 0m,
            SwapShort = body.SwapShort ?? 0m,
            MinVolume = body.MinVolume ?? 0.01m,
            MaxVolume = body.MaxVolume ?? 100m,
            VolumeStep = body.VolumeStep ?? 0.01m,
        };
        await store.PutTermsAsync(terms, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(TermsView(terms));
    }

    private static Dictionary<string, object> TermsView(GroupSymbolTerms t) => new(StringComparer.Ordinal)
    {
        ["symbol"] = t.Symbol,
        ["spread"] = t.Spread,
        ["spread_pip"] = t.SpreadPip,
        ["contract_size"] = t.ContractSize,
        ["profit"] = t.ProfitCurrency,
        ["type"] = t.InstrumentType.ToString().ToLowerInvariant(),
        ["crypto_margin_factor"] = t.CryptoMarginFactor,
        ["commission"] = t.CommissionPerLot,
        ["swap_long"] = t.SwapLong,
        ["swap_short"] = t.SwapShort,
        ["min_volume"] = t.MinVolume,
        ["max_volume"] = t.MaxVolume,
        ["volume_step"] = t.VolumeStep,
    };

    /// <summary>An accepted request is its order (201 for a new order, 200 for a repeat or a change); a refusal is problem details naming the reason.</summary>
    private static IResult Answer(OrderOutcome outcome, bool created = false)
    {
        if (outcome.Refusal is not null)
        {
            return Refusal(outcome);
        }

        if (outcome.Order is not { } order)
        {
            return TypedResults.Ok(new { repeated = true, detail = outcome.Detail });
        }

        var json = OrderJson.Write(order);
        return created && !outcome.Repeated
            ? Results.Text(json, "application/json", statusCode: StatusCodes.Status201Created)
            : new RepeatAwareJson(json, outcome.Repeated);
    }

    /// <summary>A refusal as problem details: its status, its title, <c>reason</c> and the figures it carries.</summary>
    internal static ProblemHttpResult Refusal(OrderOutcome outcome)
    {
        var reason = outcome.Refusal ?? RefusalReason.InvalidRequest;
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["reason"] = TradingWire.Of(reason) };
        if (outcome.QuoteAge is { } age)
        {
            extensions["quote_age_ms"] = (long)age.TotalMilliseconds;
        }

        if (outcome.ExecutablePrice is { } price)
        {
            extensions["executable_price"] = price;
        }

        if (outcome.Quote is { } quote)
        {
            extensions["quote_book_sequence"] = quote.BookSequence;
        }

        if (outcome.RefusalId is { } refusalId)
        {
            extensions["refusal_id"] = refusalId;
        }

        return TypedResults.Problem(outcome.Detail, statusCode: StatusOf(reason), title: TitleOf(reason), extensions: extensions);
    }

    private static int StatusOf(RefusalReason reason) => reason switch
    {
        RefusalReason.UnknownAccount or RefusalReason.OrderNotFound => StatusCodes.Status404NotFound,
        RefusalReason.IdempotencyConflict or RefusalReason.InvalidState or RefusalReason.StaleFence => StatusCodes.Status409Conflict,
        RefusalReason.InvalidRequest => StatusCodes.Status400BadRequest,
        RefusalReason.Busy or RefusalReason.ProviderUnavailable or RefusalReason.StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static string TitleOf(RefusalReason reason) => reason switch
    {
        RefusalReason.StalePrice => "No fresh price to act on",
        RefusalReason.MarketClosed => "Market closed",
        RefusalReason.Requote => "Requote: the price moved",
        RefusalReason.InsufficientMargin => "Insufficient margin",
        _ => "Order refused: " + TradingWire.Of(reason),
    };

    private static ProblemHttpResult Invalid(string detail) => Refusal(OrderOutcome.Refused(RefusalReason.InvalidRequest, detail));

    private static ProblemHttpResult BadAccount(string account) =>
        Invalid(string.Create(CultureInfo.InvariantCulture, $"'{account}' is not an account id of the form type:number (e.g. live:42)."));

    private static IResult Json(string json) => Results.Text(json, "application/json");

    /// <summary>JSON with <c>Idempotent-Replayed: true</c> when it answers a repeated key.</summary>
    private sealed class RepeatAwareJson(string json, bool repeated) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (repeated)
            {
                httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            }

            return Results.Text(json, "application/json").ExecuteAsync(httpContext);
        }
    }
}
