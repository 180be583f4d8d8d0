using System.CommandLine;

namespace Tickwatch.Cli.Commands;

/// <summary>The options every operator tool shares: where the market service is, and the operator token.</summary>
internal static class OperatorOptions
{
    public const string DefaultUrl = "http://localhost:8000";

    public static Option<string> Url() => new("--url")
    {
        Description = "The market service's address.",
        DefaultValueFactory = _ => DefaultUrl,
    };

    public static Option<string?> Token() => new("--token")
    {
        Description = "Operator token, sent as a bearer token (default: $TICKWATCH_Operator__Token; loopback needs none).",
    };
}
