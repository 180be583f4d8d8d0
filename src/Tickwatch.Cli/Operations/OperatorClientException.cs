namespace Tickwatch.Cli.Operations;

/// <summary>The market service could not be asked: unreachable, refused the token, or answered something that is not the expected JSON.</summary>
internal sealed class OperatorClientException(string message, Exception? inner = null) : Exception(message, inner);
