namespace Tickwatch.Trading.ProviderLink;

/// <summary>What the connection manager needs of the engine: apply a report once, and name the orders still in flight.</summary>
public interface IProviderExecution
{
    /// <summary>Applies one execution report in one atomic step with its <c>report_id</c>; a repeat changes nothing.</summary>
    Task<ProviderReportResult> ApplyReportAsync(ExecutionReport report, CancellationToken cancellationToken);

    /// <summary>Every provider-routed order of the store with a request not finally answered (queued, resting, or a close, cancel or modify sent), and how many accounts route to the provider.</summary>
    Task<ProviderInFlightScan> LoadInFlightAsync(CancellationToken cancellationToken);
}
