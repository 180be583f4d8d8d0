using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Trading.Ledger;

/// <summary>Runs the <see cref="LedgerReconciliation"/> every <see cref="LedgerOptions.ReconcileInterval"/> under supervision; a failed run is logged and the next one comes on time.</summary>
public sealed class LedgerReconciliationService(LedgerReconciliation reconciliation, IOptions<LedgerOptions> options, TimeProvider time) : ISupervisedService
{
    public string Name => "ledger_reconciliation";

    public string DisplayName => "Ledger reconciliation";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await reconciliation.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                // Counted and logged by the run; the ledger or the store may be back by the next tick.
            }
        }
    }
}
