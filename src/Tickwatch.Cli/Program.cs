using System.CommandLine;

var root = new RootCommand("Tickwatch: market data and trading risk for a retail FX/CFD broker.");
return await root.Parse(args).InvokeAsync();
