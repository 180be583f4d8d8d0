using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Market.Diagnostics.Services;
using Tickwatch.Market.Health;
using Tickwatch.Market.Startup;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/services</c> (every background service's state) and <c>POST /api/debug/services/{name}/restart</c> (restart one).</summary>
public static class ServicesEndpoints
{
    public static RouteGroupBuilder MapServicesDiagnostics(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/services", GetServices)
            .WithName("ServicesDiagnostics")
            .WithSummary("Background services: state, restarts, last error, uptime; start-up prerequisites; the last health check.");
        debug.MapPost("/services/{name}/restart", RestartAsync)
            .WithName("RestartService")
            .WithSummary("Stops one background service and runs it again.");
        return debug;
    }

    private static Ok<ServicesReport> GetServices(ServiceSupervisor supervisor, PrerequisiteStatus prerequisites, HealthMonitor monitor, TimeProvider time)
    {
        var services = supervisor.Snapshot();
        return TypedResults.Ok(new ServicesReport(
            time.GetUtcNow(),
            services.Count,
            services.Count(s => s.State == ServiceState.Running),
            [.. services.Where(s => s.State != ServiceState.Running).Select(s => s.Name)],
            services.ToDictionary(s => s.Name, StringComparer.Ordinal),
            prerequisites.Snapshot(),
            monitor.LastResult));
    }

    private static async Task<Results<Ok<ServiceRestartOutcome>, Accepted<ServiceRestartOutcome>, ProblemHttpResult>> RestartAsync(
        string name, ServiceSupervisor supervisor, CancellationToken cancellationToken)
    {
        var outcome = await supervisor.RestartAsync(name, cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            var known = string.Join(", ", supervisor.Snapshot().Select(s => s.Name));
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown background service",
                detail: $"No background service is named '{name}'. Known: {known}.");
        }

        // 202: the old run has not stopped within the shutdown timeout; the new one begins when it does.
        return outcome.Restarted ? TypedResults.Ok(outcome) : TypedResults.Accepted((string?)null, outcome);
    }
}
