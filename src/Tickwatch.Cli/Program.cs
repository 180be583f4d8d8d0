using System.CommandLine;
using Tickwatch.Cli.Commands;

var root = new RootCommand("Tickwatch: market data and trading risk for a retail FX/CFD broker.")
{
    UpCommand.Create(),
    MarketCommand.Create(),
    GatewayCommand.Create(),
    TokenCommand.Create(),
    QuoteHubCommand.Create(),
    ExecGatewayCommand.Create(),
    DiagnoseCommand.Create(),
    ForensicsCommand.Create(),
    MonitorCommand.Create(),
    WarmupCommand.Create(),
    DbCommand.Create(),
    TradingCommand.Create(),
    RecordCommand.Create(),
};
var parse = root.Parse(args);
return await parse.InvokeAsync(UpCommand.InvocationFor(parse));
