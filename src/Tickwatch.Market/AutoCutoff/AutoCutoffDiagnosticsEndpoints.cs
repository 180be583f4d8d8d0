using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tickwatch.Trading.AutoCutoff;

namespace Tickwatch.Market.AutoCutoff;

/// <summary><c>GET /api/debug/autocutoff</c>: the watcher's state, accounts watched and held, stop-outs and their locks, decisions and e-mail.</summary>
public static class AutoCutoffDiagnosticsEndpoints
{
    /// <summary>The report when AutoCutoff is switched off (<c>AutoCutoff:Enabled=false</c>).</summary>
    public static readonly AutoCutoffReport Disabled = new() { State = "disabled", Owner = "" };

    public static RouteGroupBuilder MapAutoCutoffDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/autocutoff", Get)
            .WithName("AutoCutoffDiagnostics")
            .WithSummary("AutoCutoff: watcher state, accounts watched, at risk and held (with why), decisions per outcome, stop-outs running with their locks, first-close latency, e-mail sent/written/failed, recent decisions.");
        return debug;
    }

    /// <summary>The watcher's report, or <see cref="Disabled"/> when none is registered.</summary>
    public static AutoCutoffReport ReportOf(IServiceProvider services) =>
        services.GetService<AutoCutoffWatcher>()?.Report() ?? Disabled;

    private static Ok<AutoCutoffReport> Get(IServiceProvider services) => TypedResults.Ok(ReportOf(services));
}
