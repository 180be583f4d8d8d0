using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Testing;

/// <summary>A supervised service whose every run does what the test says; run numbers count from 1.</summary>
public sealed class TestService(string name, Func<int, CancellationToken, Task> run) : ISupervisedService
{
    private int _runs;

    public string Name => name;

    public string DisplayName => $"Test service {name}";

    public int Runs => Volatile.Read(ref _runs);

    public Task RunAsync(CancellationToken stoppingToken) => run(Interlocked.Increment(ref _runs), stoppingToken);

    /// <summary>Runs until stopped.</summary>
    public static TestService UntilStopped(string name) => new(name, (_, token) => Task.Delay(Timeout.Infinite, token));

    /// <summary>Throws at once on every run, with the run number in the message.</summary>
    public static TestService Throwing(string name) => new(name, (n, _) => Task.FromException(new InvalidOperationException($"boom {n}")));
}
