using System.CommandLine;
using Tickwatch.Cli.Commands;

var root = new RootCommand("Tickwatch: market data and trading risk for a retail FX/CFD broker.")
{
    UpCommand.Create(),
    MarketCommand.Create(),
    QuoteHubCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
