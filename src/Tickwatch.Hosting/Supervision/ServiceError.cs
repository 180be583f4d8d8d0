namespace Tickwatch.Hosting.Supervision;

/// <summary>The exception that ended a supervised service's run, as operators read it.</summary>
/// <param name="Message">The exception's message, with its inner messages.</param>
/// <param name="Type">The exception's type name.</param>
/// <param name="At">When the run ended with it.</param>
public sealed record ServiceError(string Message, string Type, DateTimeOffset At);
