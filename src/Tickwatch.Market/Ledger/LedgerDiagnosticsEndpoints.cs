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
            .WithSummary("The ledger's provider, schema version and writer: state, lag, outbox depth, written, duplicates, failures, poison entries, last error.");
        return debug;
    }

    private static Ok<LedgerDebugReport> Get(IServiceProvider services, IOptions<LedgerOptions> options) =>
        TypedResults.Ok(services.GetService<LedgerWriter>() is { } writer
            ? LedgerDebugReport.Of(options.Value.Provider.ToLowerInvariant(), writer.Report())
            : LedgerDebugReport.Disabled);
}
