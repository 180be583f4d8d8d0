using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tickwatch.Core.Trading;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Market.Ledger;

/// <summary>
/// An account's books of record under the trading routes, for the gateway (which names its client's own account):
/// <c>history</c> (orders with their status changes) and <c>deals</c> in pages, and the <c>statement</c> of a range.
/// A bad query is a 400 naming the value; a ledger that is off or does not answer is a 503; each is counted.
/// </summary>
public static class LedgerReadEndpoints
{
    public static RouteGroupBuilder MapLedgerReads(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/accounts/{account}/history", (string account, HttpContext context, CancellationToken cancellationToken) =>
                ReadAsync(context, "history", account, HistoryAsync, cancellationToken))
            .WithName("ReadOrderHistory")
            .WithSummary("Orders that changed in [from, to) with their status changes, a page of limit after cursor.");
        group.MapGet("/accounts/{account}/deals", (string account, HttpContext context, CancellationToken cancellationToken) =>
                ReadAsync(context, "deals", account, DealsAsync, cancellationToken))
            .WithName("ReadDeals")
            .WithSummary("Fills and closes in [from, to) with prices, profit and quote lineage, a page of limit after cursor.");
        group.MapGet("/accounts/{account}/statement", (string account, HttpContext context, CancellationToken cancellationToken) =>
                ReadAsync(context, "statement", account, StatementAsync, cancellationToken))
            .WithName("ReadStatement")
            .WithSummary("Opening balance, every balance operation in [from, to), closing balance.");
        return group;
    }

    private delegate Task<IResult> Read(ILedgerStore ledger, AccountId account, LedgerReadQuery query, CancellationToken cancellationToken);

    private static async Task<IResult> ReadAsync(HttpContext context, string route, string account, Read read, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var counters = services.GetRequiredService<LedgerReadCounters>();
        if (!AccountId.TryParse(account, out var id))
        {
            return Invalid(counters, route, string.Create(CultureInfo.InvariantCulture, $"'{account}' is not an account id of the form type:number (e.g. live:42)."));
        }

        var query = LedgerReadQuery.Parse(context.Request.Query, services.GetRequiredService<TimeProvider>().GetUtcNow(), out var problem);
        if (query is null)
        {
            return Invalid(counters, route, problem!);
        }

        if (services.GetService<ILedgerStore>() is not { } ledger)
        {
            return Unavailable(counters, route, "The ledger is off on this market service (Ledger:Enabled is false).");
        }

        try
        {
            var answer = await read(ledger, id, query, cancellationToken).ConfigureAwait(false);
            counters.Count(route, "ok");
            return answer;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A database that is down or refuses must not take the route down with it; the client may try again.
            LedgerReadLog.ReadFailed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LedgerReadEndpoints)), ex, route, id.ToString(), ex.Message);
            return Unavailable(counters, route, "The ledger did not answer; try again shortly.");
        }
    }

    private static async Task<IResult> HistoryAsync(ILedgerStore ledger, AccountId account, LedgerReadQuery query, CancellationToken cancellationToken)
    {
        // One row more than the page says whether another page follows.
        var rows = await ledger.ReadOrdersAsync(account, query.From, query.To, query.After, query.Limit + 1, cancellationToken).ConfigureAwait(false);
        var page = rows.Take(query.Limit).ToList();
        return Json(LedgerReadJson.History(account, query, page, rows.Count > query.Limit ? page[^1].Cursor : null));
    }

    private static async Task<IResult> DealsAsync(ILedgerStore ledger, AccountId account, LedgerReadQuery query, CancellationToken cancellationToken)
    {
        var rows = await ledger.ReadDealsAsync(account, query.From, query.To, query.After, query.Limit + 1, cancellationToken).ConfigureAwait(false);
        var page = rows.Take(query.Limit).ToList();
        return Json(LedgerReadJson.Deals(account, query, page, rows.Count > query.Limit ? page[^1].Cursor : null));
    }

    private static async Task<IResult> StatementAsync(ILedgerStore ledger, AccountId account, LedgerReadQuery query, CancellationToken cancellationToken)
    {
        var statement = await ledger.ReadStatementAsync(account, query.From, query.To, cancellationToken).ConfigureAwait(false);
        var currency = (await ledger.ReadAccountAsync(account, cancellationToken).ConfigureAwait(false))?.Configuration?.Currency;
        return Json(LedgerReadJson.Statement(statement, currency));
    }

    private static IResult Invalid(LedgerReadCounters counters, string route, string detail)
    {
        counters.Count(route, "invalid");
        return Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid ledger query", extensions: Reason("INVALID_REQUEST"));
    }

    private static IResult Unavailable(LedgerReadCounters counters, string route, string detail)
    {
        counters.Count(route, "unavailable");
        return Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Ledger unavailable", extensions: Reason("LEDGER_UNAVAILABLE"));
    }

    private static Dictionary<string, object?> Reason(string reason) => new(StringComparer.Ordinal) { ["reason"] = reason };

    private static IResult Json(string json) => Results.Text(json, "application/json");
}
