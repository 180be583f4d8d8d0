namespace Tickwatch.Cli.Instances;

/// <summary>One process that <c>tickwatch up --instances</c> starts: a role of the same executable with its own settings.</summary>
/// <param name="Name">What the banner, the log folder and the process list call it: <c>market-a</c>, <c>gateway-b</c>, <c>quote-hub</c>.</param>
/// <param name="Command">The subcommand: <c>market</c>, <c>gateway</c>, <c>quote-hub</c> or <c>exec-gateway</c>.</param>
/// <param name="Settings">Configuration keys given to it as <c>--Section:Key value</c> switches, after the user's own, so that they win.</param>
/// <param name="Secrets">Configuration keys given to it as <c>TICKWATCH_</c> variables: a secret never goes on a command line (<c>ps</c> shows it).</param>
/// <param name="Url">Where it answers (the control API for the execution gateway).</param>
/// <param name="ReadyPath">The path that answers 200 once it is ready: <c>/health/ready</c> for a market service, <c>/health</c> otherwise.</param>
internal sealed record ChildRole(string Name, string Command, IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Secrets, Uri Url, string ReadyPath)
{
    public Uri Ready => new(Url, ReadyPath);
}
