using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tickwatch.Market.Diagnostics.Diagnosis;

namespace Tickwatch.Market.Diagnostics;

/// <summary><c>GET /api/debug/diagnosis</c>: the guide's root-cause table and key metrics judged against live figures, each finding with symptom, root cause, evidence and action.</summary>
public static class DiagnosisEndpoints
{
    public static RouteGroupBuilder MapDiagnosis(this RouteGroupBuilder debug)
    {
        ArgumentNullException.ThrowIfNull(debug);
        debug.MapGet("/diagnosis", GetDiagnosisAsync)
            .WithName("Diagnosis")
            .WithSummary("What is wrong, why, and what to do: status ok, warning or critical, with each finding's evidence.");
        return debug;
    }

    private static async Task<Ok<DiagnosisReport>> GetDiagnosisAsync(DiagnosisService diagnosis, CancellationToken cancellationToken) =>
        TypedResults.Ok(await diagnosis.DiagnoseAsync(cancellationToken).ConfigureAwait(false));
}
