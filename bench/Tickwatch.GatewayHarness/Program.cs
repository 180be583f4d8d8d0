using Tickwatch.GatewayHarness;

// Issue 4's measurement: the gateway in its own process, fed at a paced rate; many live-stream clients here; tick-to-client
// latency and coverage delay, messages and prices delivered, conflation, drops, the gateway's RSS and CPU, and a final check
// that every client ends on the source's last price of each of its symbols. Options: see HarnessSettings.Usage (--help). "--serve" is the child (gateway) process.
if (args.Contains("--help"))
{
    Console.WriteLine(HarnessSettings.Usage);
    return 0;
}

if (args is ["--serve", ..])
{
    await GatewayServer.RunAsync();
    return 0;
}

HarnessSettings settings;
try
{
    settings = HarnessSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or IndexOutOfRangeException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

return settings.Cluster is { } cluster ? await ClusterRun.RunAsync(settings, cluster) : await BenchmarkRun.RunAsync(settings);
