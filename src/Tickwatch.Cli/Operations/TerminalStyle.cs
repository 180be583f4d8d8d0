namespace Tickwatch.Cli.Operations;

/// <summary>ANSI colours for a terminal, or none when the output is redirected or <c>NO_COLOR</c> is set.</summary>
internal sealed class TerminalStyle(bool enabled)
{
    public static TerminalStyle None { get; } = new(false);

    /// <summary>Colour when standard output is a terminal and <c>NO_COLOR</c> is not set.</summary>
    public static TerminalStyle ForConsole() =>
        new(!Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    public string Red(string text) => Wrap("31;1", text);

    public string Yellow(string text) => Wrap("33;1", text);

    public string Green(string text) => Wrap("32", text);

    public string Dim(string text) => Wrap("2", text);

    public string Bold(string text) => Wrap("1", text);

    private string Wrap(string code, string text) => enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
