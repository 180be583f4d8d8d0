using Tickwatch.BenchSupport;

namespace Tickwatch.ClusterHarness;

/// <summary>One service of the run (a market service or a gateway): its name, its address and its current process (replaced when restarted).</summary>
internal sealed class MarketNode(string name, Uri address, Func<SoakProcess> start)
{
    public string Name { get; } = name;

    public Uri Address { get; } = address;

    public SoakProcess? Process { get; private set; }

    public bool IsRunning => Process is { HasExited: false };

    /// <summary>Starts the service's process (again) and waits until <paramref name="ready"/> answers.</summary>
    public async Task StartAsync(HttpClient http, string ready, TimeSpan timeout)
    {
        if (Process is { } old)
        {
            await old.DisposeAsync();
        }

        Process = start();
        await Process.WaitReadyAsync(http, new Uri(Address, ready), timeout);
    }

    public async Task KillAsync()
    {
        if (Process is { } process)
        {
            await process.KillAsync();
        }
    }

    public async ValueTask StopAsync()
    {
        if (Process is { } process)
        {
            await process.DisposeAsync();
            Process = null;
        }
    }
}
