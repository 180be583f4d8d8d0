namespace Tickwatch.Cli.Commands;

/// <summary>What <c>tickwatch forensics</c> was asked: the service, the token, and the order or refusal to explain.</summary>
internal sealed record ForensicsRequest(string? Url, string? Token, string? Order, string? Refusal, string? Account, bool Json);
