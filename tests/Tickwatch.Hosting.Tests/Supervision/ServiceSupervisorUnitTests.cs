using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tickwatch.Hosting.Supervision;
using Tickwatch.Testing;

namespace Tickwatch.Hosting.Tests.Supervision;

/// <summary>The supervisor on fake time: states, restarts with backoff, restart on request, shutdown within the timeout.</summary>
public sealed class ServiceSupervisorUnitTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<ServiceSupervisor> _supervisors = [];

    [Fact]
    public async Task A_running_service_reports_its_state_start_time_and_uptime()
    {
        var supervisor = Create(TestService.UntilStopped("quotes"));
        Assert.Equal(ServiceState.Starting, supervisor.Find("quotes")!.State);

        await supervisor.StartAsync(CancellationToken.None);
        var started = _time.GetUtcNow();
        var running = await StateAsync(supervisor, "quotes", s => s.State == ServiceState.Running, "the service runs");
        _time.Advance(TimeSpan.FromSeconds(30));

        var snapshot = supervisor.Find("quotes")!;
        Assert.Equal(started, running.StartedAt);
        Assert.Equal(30, snapshot.UptimeSeconds);
        Assert.Equal((0, 0), (snapshot.Restarts, snapshot.Faults));
        Assert.Null(snapshot.LastError);
        Assert.Contains("✅ Test service quotes started", _logs.Messages);
        Assert.Contains("🎯 Startup complete! Running 1 background services", _logs.Messages);

        await supervisor.StopAsync(CancellationToken.None);
        snapshot = supervisor.Find("quotes")!;
        Assert.Equal((ServiceState.Stopped, "shutdown"), (snapshot.State, snapshot.LastExit));
        Assert.Null(snapshot.UptimeSeconds);
        Assert.Equal(["quotes"], supervisor.LastShutdown!.Stopped);
        Assert.Empty(supervisor.LastShutdown.NotStopped);
    }

    [Fact]
    public async Task A_faulting_service_is_restarted_with_exponential_backoff_up_to_the_maximum()
    {
        var service = TestService.Throwing("flaky");
        var supervisor = Create(service, o => o.RestartMaxDelay = TimeSpan.FromSeconds(8));
        await supervisor.StartAsync(CancellationToken.None);

        TimeSpan[] delays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8)];
        for (var i = 0; i < delays.Length; i++)
        {
            var faults = i + 1;
            var snapshot = await StateAsync(supervisor, "flaky", s => s.State == ServiceState.Restarting && s.Faults == faults, $"fault {faults} is waited out");
            Assert.Equal(i, snapshot.Restarts);
            Assert.Equal(_time.GetUtcNow() + delays[i], snapshot.NextRestartAt);
            Assert.Equal($"boom {faults}", snapshot.LastError!.Message);
            Assert.Equal(nameof(InvalidOperationException), snapshot.LastError.Type);
            Assert.Equal(_time.GetUtcNow(), snapshot.LastError.At);
            Assert.Equal("faulted", snapshot.LastExit);

            // Not a tick early.
            _time.Advance(delays[i] - TimeSpan.FromMilliseconds(1));
            Assert.Equal(faults, service.Runs);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await Eventually.UntilAsync(() => service.Runs == delays.Length + 1, "the service runs again after the last delay");
        Assert.True(_logs.Count("❌ Background service flaky faulted") >= delays.Length, _logs.ToString());
    }

    [Fact]
    public async Task The_backoff_starts_over_after_a_run_that_lasted_long_enough()
    {
        var longRunFails = new TaskCompletionSource();
        var service = new TestService("feed", (run, token) => run == 3 ? longRunFails.Task : Task.FromException(new IOException($"reset {run}")));
        var supervisor = Create(service, o => o.StableAfter = TimeSpan.FromMinutes(1));
        await supervisor.StartAsync(CancellationToken.None);

        await StateAsync(supervisor, "feed", s => s.Faults == 1 && s.State == ServiceState.Restarting, "the first fault");
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await StateAsync(supervisor, "feed", s => s.Faults == 2 && s.State == ServiceState.Restarting, "the second fault");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(2), second.NextRestartAt);
        _time.Advance(TimeSpan.FromSeconds(2));
        await StateAsync(supervisor, "feed", s => s.State == ServiceState.Running && s.Restarts == 2, "the third run");

        _time.Advance(TimeSpan.FromMinutes(1));
        longRunFails.SetException(new IOException("reset after a long run"));

        var third = await StateAsync(supervisor, "feed", s => s.Faults == 3 && s.State == ServiceState.Restarting, "the third fault");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), third.NextRestartAt);
        Assert.Equal("reset after a long run", third.LastError!.Message);
    }

    [Fact]
    public async Task A_restart_request_stops_the_run_and_runs_the_service_again()
    {
        var service = TestService.UntilStopped("monitor");
        var supervisor = Create(service);
        await supervisor.StartAsync(CancellationToken.None);
        await StateAsync(supervisor, "monitor", s => s.State == ServiceState.Running, "the service runs");
        _time.Advance(TimeSpan.FromSeconds(5));

        var outcome = await supervisor.RestartAsync("monitor", CancellationToken.None);

        Assert.True(outcome!.Restarted);
        Assert.Equal((ServiceState.Running, 1, 0, "restart requested"), (outcome.Service.State, outcome.Service.Restarts, outcome.Service.Faults, outcome.Service.LastExit));
        Assert.Equal(_time.GetUtcNow(), outcome.Service.StartedAt);
        await Eventually.UntilAsync(() => service.Runs == 2, "the service runs again");
        Assert.Contains("🔄 Restart of background service monitor requested", _logs.Messages);
        Assert.Null(await supervisor.RestartAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task A_restart_request_skips_the_backoff_wait_of_a_faulted_service()
    {
        var service = TestService.Throwing("flaky");
        var supervisor = Create(service, o => o.RestartInitialDelay = TimeSpan.FromMinutes(1));
        await supervisor.StartAsync(CancellationToken.None);
        await StateAsync(supervisor, "flaky", s => s.State == ServiceState.Restarting, "the fault is waited out");

        var outcome = await supervisor.RestartAsync("flaky", CancellationToken.None);

        Assert.True(outcome!.Restarted);
        Assert.Equal(1, outcome.Service.Restarts);
        await Eventually.UntilAsync(() => service.Runs == 2, "the service runs again before its delay is over");
    }

    [Fact]
    public async Task A_service_that_finishes_its_work_is_stopped_not_restarted_until_asked()
    {
        var service = new TestService("once", (_, _) => Task.CompletedTask);
        var supervisor = Create(service);
        await supervisor.StartAsync(CancellationToken.None);

        var done = await StateAsync(supervisor, "once", s => s.State == ServiceState.Stopped, "the service finishes");
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(("completed", 0, 1), (done.LastExit, done.Restarts, service.Runs));
        Assert.Equal(ServiceState.Stopped, supervisor.Find("once")!.State);

        var outcome = await supervisor.RestartAsync("once", CancellationToken.None);
        Assert.Equal(1, outcome!.Service.Restarts);
        await Eventually.UntilAsync(() => service.Runs == 2, "the service runs again on request");
    }

    [Fact]
    public async Task A_service_that_does_not_stop_within_the_shutdown_timeout_is_logged_and_reported()
    {
        var release = new TaskCompletionSource();
        var stubborn = new TestService("stubborn", (_, _) => release.Task);
        var supervisor = Create([TestService.UntilStopped("polite"), stubborn]);
        await supervisor.StartAsync(CancellationToken.None);
        await StateAsync(supervisor, "stubborn", s => s.State == ServiceState.Running, "the stubborn service runs");

        var stopping = supervisor.StopAsync(CancellationToken.None);
        await StateAsync(supervisor, "polite", s => s.State == ServiceState.Stopped, "the polite service stops");
        Assert.False(stopping.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        await stopping;

        Assert.Equal(["polite"], supervisor.LastShutdown!.Stopped);
        Assert.Equal(["stubborn"], supervisor.LastShutdown.NotStopped);
        Assert.Equal(ServiceState.Stopping, supervisor.Find("stubborn")!.State);
        Assert.Contains("⏱️ Background service stubborn did not stop within 10.0 s", _logs.Messages);
        Assert.Contains(_logs.Messages, m => m.StartsWith("🛑 Stopped 1 of 2 background services; still running after 10.0 s: stubborn", StringComparison.Ordinal));

        // Stopping again does not stop twice.
        await supervisor.StopAsync(CancellationToken.None);
        Assert.Equal(1, _logs.Count("did not stop within"));
        release.SetResult();
    }

    [Fact]
    public void Two_services_cannot_share_a_name()
    {
        var supervisor = Create(TestService.UntilStopped("a"));
        Assert.Throws<InvalidOperationException>(() => supervisor.Add(TestService.UntilStopped("a")));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var supervisor in _supervisors)
        {
            var stopping = supervisor.StopAsync(CancellationToken.None);

            // A service still running at the end would hold its stop for the (fake) timeout.
            _time.Advance(TimeSpan.FromMinutes(1));
            await stopping;
            supervisor.Dispose();
        }
    }

    private ServiceSupervisor Create(ISupervisedService service, Action<SupervisorOptions>? configure = null) => Create([service], configure);

    private ServiceSupervisor Create(IEnumerable<ISupervisedService> services, Action<SupervisorOptions>? configure = null)
    {
        var options = new SupervisorOptions();
        configure?.Invoke(options);
        var supervisor = new ServiceSupervisor(services, Microsoft.Extensions.Options.Options.Create(options), _time, _logs.CreateFactory().CreateLogger<ServiceSupervisor>());
        _supervisors.Add(supervisor);
        return supervisor;
    }

    private static Task<SupervisedServiceSnapshot> StateAsync(ServiceSupervisor supervisor, string name, Func<SupervisedServiceSnapshot, bool> condition, string what) =>
        Eventually.ValueAsync(() => Task.FromResult(supervisor.Find(name)!), condition, what);
}
