using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>Runs the <see cref="AutoCutoffWatcher"/> under supervision; its start is the guide's "✅ AutoCutoff watcher started".</summary>
public sealed class AutoCutoffWatcherService(AutoCutoffWatcher watcher) : ISupervisedService
{
    public string Name => "autocutoff";

    public string DisplayName => "AutoCutoff watcher";

    public Task RunAsync(CancellationToken stoppingToken) => watcher.RunAsync(stoppingToken);
}
