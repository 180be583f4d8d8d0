using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Trading.Ledger;

namespace Tickwatch.Market.Ledger;

/// <summary><c>GET /api/debug/ledger</c>: the ledger's database and schema, and its writer's state, lag, outbox depth, counts and poison entries.</summary>
public static class LedgerDiagnosticsEndpoints
{
    public static RouteGroupBuilder MapLedgerDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/ledger", Get)
            .WithName("LedgerDiagnostics")
            .WithSummary("The ledger's provider, schema version and writer: state, lag, outbox depth, written, duplicates, failures, poison entries, last error; the last reconciliation with the hot state.");
        debug.MapPost("/ledger/reconciliation", ReconcileAsync)
            .WithName("LedgerReconcile")
            .WithSummary("Reconciles hot state with the ledger now and answers the result (409 when the ledger is off, 503 when the ledger or the store failed).");
        return debug;
    }

    private static Ok<LedgerDebugReport> Get(IServiceProvider services, IOptions<LedgerOptions> options) =>
        TypedResults.Ok(services.GetService<LedgerWriter>() is { } writer
            ? LedgerDebugReport.Of(options.Value.Provider.ToLowerInvariant(), writer.Report(), services.GetService<LedgerReconciliation>()?.Report())
            : LedgerDebugReport.Disabled);

    private static async Task<Results<Ok<LedgerReconciliationResult>, ProblemHttpResult>> ReconcileAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<LedgerReconciliation>() is not { } reconciliation)
        {
            return TypedResults.Problem("The ledger is off (Ledger:Enabled).", statusCode: StatusCodes.Status409Conflict);
        }

        try
        {
            return TypedResults.Ok(await reconciliation.RunAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            return TypedResults.Problem("Reconciliation failed: " + ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
