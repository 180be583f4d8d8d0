using Tickwatch.Hosting.Supervision;
using static System.FormattableString;

namespace Tickwatch.Market.Diagnostics.Diagnosis.Rules;

/// <summary>Every background service should be running and start-up should not have left the service degraded.</summary>
public sealed class BackgroundServicesRule : IDiagnosisRule
{
    public string Id => "background_service_down";

    public RuleOutcome Evaluate(DiagnosisSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Services is not { } services)
        {
            return RuleOutcome.NotApplicable;
        }

        // Starting is the normal state of the first moments, not a fault.
        var down = services.Services.Values.Where(s => s.State is not (ServiceState.Running or ServiceState.Starting)).ToList();
        var evidence = new Dictionary<string, object?>
        {
            ["running_services"] = services.RunningServices,
            ["total_services"] = services.TotalServices,
            ["degraded"] = services.Degraded,
        };
        if (down.Count == 0 && !services.Degraded)
        {
            return RuleOutcome.Ok(Id, "Background services running", evidence);
        }

        foreach (var service in down)
        {
            evidence[service.Name] = new Dictionary<string, object?>
            {
                ["state"] = service.State,
                ["faults"] = service.Faults,
                ["restarts"] = service.Restarts,
                ["last_error"] = service.LastError?.Message,
                ["next_restart_at"] = service.NextRestartAt,
            };
        }

        var causes = down.Select(s => Invariant(
            $"{s.DisplayName} ({s.Name}) is {System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.State.ToString())}{(s.LastError is { } e ? $" after {e.Type}: {e.Message}" : "")} ({s.Faults} faults, {s.Restarts} restarts)")).ToList();
        if (services.Degraded)
        {
            causes.Add("a critical start-up prerequisite failed and has not passed since (the service started degraded)");
        }

        return RuleOutcome.Problem(new Finding(
            Id,
            Severity.Critical,
            "Background service not running",
            Invariant($"{services.RunningServices} of {services.TotalServices} background services running{(services.Degraded ? "; started degraded" : "")}"),
            string.Join("; ", causes) + ".",
            evidence,
            "Faulted services are restarted with backoff; read the error (GET /api/debug/services → .services.NAME.last_error, .startup) and the log, fix its cause, then restart it: "
            + (down.Count == 0 ? "POST /api/debug/services/NAME/restart." : string.Join(", ", down.Select(s => $"POST /api/debug/services/{s.Name}/restart")) + ".")));
    }
}
