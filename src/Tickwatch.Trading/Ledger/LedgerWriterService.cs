using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Trading.Ledger;

/// <summary>Runs the <see cref="LedgerWriter"/> under supervision: a fault is restarted with backoff, and it resumes from the ledger's position.</summary>
public sealed class LedgerWriterService(LedgerWriter writer) : ISupervisedService
{
    public string Name => "ledger_writer";

    public string DisplayName => "Ledger writer";

    public Task RunAsync(CancellationToken stoppingToken) => writer.RunAsync(stoppingToken);
}
