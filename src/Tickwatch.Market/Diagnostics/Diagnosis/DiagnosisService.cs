using Tickwatch.Market.Diagnostics.Comprehensive;

namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>Diagnoses the running service: gathers the comprehensive report and judges it; the endpoint, the dashboard and metrics share it.</summary>
public sealed class DiagnosisService(ComprehensiveDiagnostics comprehensive, DiagnosisEngine engine)
{
    public async Task<DiagnosisReport> DiagnoseAsync(CancellationToken cancellationToken) =>
        Diagnose(await comprehensive.CollectAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Judges a report already gathered, so a caller that shows both makes them from one set of figures.</summary>
    public DiagnosisReport Diagnose(ComprehensiveReport report) => engine.Evaluate(DiagnosisSnapshot.From(report));
}
