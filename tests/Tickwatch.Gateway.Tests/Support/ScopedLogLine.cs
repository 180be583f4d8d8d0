using Microsoft.Extensions.Logging;

namespace Tickwatch.Gateway.Tests.Support;

/// <summary>One captured line and its scopes' properties.</summary>
internal sealed record ScopedLogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope);
