namespace Tickwatch.Hosting.Supervision;

/// <summary>What the supervisor's last shutdown achieved: which services stopped in time and which did not.</summary>
/// <param name="Stopped">Names of the services that stopped within the shutdown timeout.</param>
/// <param name="NotStopped">Names of the services still running when the timeout expired.</param>
/// <param name="Timeout">The time each service was given.</param>
public sealed record ShutdownReport(IReadOnlyList<string> Stopped, IReadOnlyList<string> NotStopped, TimeSpan Timeout);
