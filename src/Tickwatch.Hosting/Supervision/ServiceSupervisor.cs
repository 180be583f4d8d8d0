using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Supervision;

/// <summary>Runs every background service of the market service as a named unit: starts them, restarts the faulted ones with backoff, stops them within a timeout, and reports their state.</summary>
/// <remarks>Its state is what <c>/api/debug/services</c> shows and what the readiness check reads.</remarks>
public sealed class ServiceSupervisor : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SupervisedRunner> _runners = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ServiceSupervisor> _logger;
    private bool _started;
    private TaskCompletionSource? _stopping;

    public ServiceSupervisor(
        IEnumerable<ISupervisedService> services,
        IOptions<SupervisorOptions> options,
        TimeProvider time,
        ILogger<ServiceSupervisor> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _time = time;
        _logger = logger;
        foreach (var service in services)
        {
            Add(service);
        }
    }

    /// <summary>The result of the last <see cref="StopAsync"/>; null while running.</summary>
    public ShutdownReport? LastShutdown { get; private set; }

    /// <summary>Adds a service; before start it starts with the others, after start it starts at once.</summary>
    public void Add(ISupervisedService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(service.Name, nameof(service));
        SupervisedRunner runner;
        bool startNow;
        lock (_gate)
        {
            if (_runners.Any(r => r.Name == service.Name))
            {
                throw new InvalidOperationException($"A background service named '{service.Name}' is already supervised.");
            }

            runner = new SupervisedRunner(service, _options, _time, _logger);
            _runners.Add(runner);
            startNow = _started && !_shutdown.IsCancellationRequested;
        }

        if (startNow)
        {
            runner.Start(_shutdown.Token);
            SupervisorLog.Started(_logger, runner.DisplayName);
        }
    }

    /// <summary>Every supervised service, in the order they were added.</summary>
    public IReadOnlyList<SupervisedServiceSnapshot> Snapshot() => [.. Runners().Select(r => r.Snapshot())];

    public SupervisedServiceSnapshot? Find(string name) => Runners().FirstOrDefault(r => r.Name == name)?.Snapshot();

    /// <summary>
    /// Stops the named service's current run and runs it again, waiting up to the shutdown timeout for the new run to begin.
    /// Null when no service has that name.
    /// </summary>
    public async Task<ServiceRestartOutcome?> RestartAsync(string name, CancellationToken cancellationToken)
    {
        var runner = Runners().FirstOrDefault(r => r.Name == name);
        if (runner is null)
        {
            return null;
        }

        var begun = runner.RequestRestart();
        try
        {
            await begun.WaitAsync(_options.ShutdownTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The old run has not stopped yet; the new one begins when it does.
        }

        var snapshot = runner.Snapshot();
        return new ServiceRestartOutcome(begun.IsCompletedSuccessfully && begun.Result, snapshot);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SupervisedRunner[] runners;
        lock (_gate)
        {
            _started = true;
            runners = [.. _runners];
        }

        foreach (var runner in runners)
        {
            runner.Start(_shutdown.Token);
            SupervisorLog.Started(_logger, runner.DisplayName);
        }

        SupervisorLog.StartupComplete(_logger, runners.Length);
        return Task.CompletedTask;
    }

    /// <summary>Asks every service to stop at once, gives each the shutdown timeout, then logs and reports those that did not stop.</summary>
    /// <remarks>Stopping twice (the host and its owner both stop it) stops once.</remarks>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _stopping, stop, null) is { } earlier)
        {
            return earlier.Task;
        }

        return StopOnceAsync(stop, cancellationToken);
    }

    public void Dispose() => _shutdown.Dispose();

    private async Task StopOnceAsync(TaskCompletionSource stop, CancellationToken cancellationToken)
    {
        try
        {
            await StopServicesAsync(cancellationToken).ConfigureAwait(false);
            stop.TrySetResult();
        }
        catch (Exception ex)
        {
            stop.TrySetException(ex);
            throw;
        }
    }

    private async Task StopServicesAsync(CancellationToken cancellationToken)
    {
        bool started;
        lock (_gate)
        {
            started = _started;
        }

        var runners = Runners();
        if (!started)
        {
            // Start-up stopped before any service ran: nothing to stop, nothing to report.
            LastShutdown = new ShutdownReport([], [], _options.ShutdownTimeout);
            return;
        }

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // One deadline for all, started before anything is cancelled: services stop in parallel, each within the timeout.
        var deadline = Task.Delay(_options.ShutdownTimeout, _time, giveUp.Token);
        foreach (var runner in runners)
        {
            runner.MarkStopping();
        }

        try
        {
            _shutdown.Cancel();
        }
        catch (AggregateException ex)
        {
            // A service's cancellation callback threw; the others were still told to stop.
            SupervisorLog.CancellationCallbackFailed(_logger, ex);
        }

        var loops = runners.Select(r => r.Loop).ToArray();
        await Task.WhenAny(Task.WhenAll(loops), deadline).ConfigureAwait(false);
        await giveUp.CancelAsync().ConfigureAwait(false);

        var stopped = runners.Where(r => r.Loop.IsCompleted).Select(r => r.Name).ToList();
        var notStopped = runners.Where(r => !r.Loop.IsCompleted).Select(r => r.Name).ToList();
        LastShutdown = new ShutdownReport(stopped, notStopped, _options.ShutdownTimeout);
        foreach (var name in notStopped)
        {
            SupervisorLog.DidNotStop(_logger, name, _options.ShutdownTimeout.TotalSeconds);
        }

        if (notStopped.Count == 0)
        {
            SupervisorLog.AllStopped(_logger, runners.Length);
        }
        else
        {
            SupervisorLog.NotAllStopped(_logger, stopped.Count, runners.Length, _options.ShutdownTimeout.TotalSeconds, string.Join(", ", notStopped));
        }
    }

    private SupervisedRunner[] Runners()
    {
        lock (_gate)
        {
            return [.. _runners];
        }
    }
}
