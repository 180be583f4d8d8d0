namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>How many checks ended at each severity.</summary>
public sealed record DiagnosisCounts(int Critical, int Warning, int Ok);
