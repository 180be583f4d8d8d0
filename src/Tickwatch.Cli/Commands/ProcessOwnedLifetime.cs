using Microsoft.Extensions.Hosting;

namespace Tickwatch.Cli.Commands;

/// <summary>
/// The lifetime of a role that <c>tickwatch up</c> runs: it does not listen to Ctrl+C or SIGTERM itself, so that the
/// process stops its roles one by one, in the declared order (<see cref="RunningRoles"/>), instead of all at once.
/// </summary>
internal sealed class ProcessOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
