using Tickwatch.TradingHarness;

// Issue 13's measurement: the market service in its own process with 10,000 accounts' positions, fed by the quote hub
// over WebSocket at a set rate; a price's way to every holder's margin level in the store (in memory or on a Redis
// Cluster), order placement over HTTP, the service's CPU and memory. Options: see HarnessSettings.Usage (--help).
// "--serve" is the child (market) process.
if (args.Contains("--help"))
{
    Console.WriteLine(HarnessSettings.Usage);
    Console.WriteLine(AutoCutoffBench.Usage);
    Console.WriteLine(ProviderLinkRun.Usage);
    return 0;
}

// "--autocutoff": issue 15's stop-out figure instead, in this process (see AutoCutoffBench.Usage).
if (args is ["--autocutoff", .. var rest])
{
    return await AutoCutoffBench.RunAsync(rest);
}

// "--provider-link": issue 15's link figure instead, in this process (see ProviderLinkRun.Usage).
if (args is ["--provider-link", .. var linkArgs])
{
    try
    {
        return await ProviderLinkRun.RunAsync(linkArgs);
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        return 2;
    }
}

if (args is ["--serve", ..])
{
    await MarketServer.RunAsync();
    return 0;
}

HarnessSettings settings;
try
{
    settings = HarnessSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

return await TradingRun.RunAsync(settings);
