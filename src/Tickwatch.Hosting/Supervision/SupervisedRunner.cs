using Microsoft.Extensions.Logging;

namespace Tickwatch.Hosting.Supervision;

/// <summary>Runs one supervised service: its run loop and state, restarts after a fault (with backoff) and on request.</summary>
internal sealed class SupervisedRunner
{
    private const string ExitFaulted = "faulted";
    private const string ExitCompleted = "completed";
    private const string ExitRestartRequested = "restart requested";
    private const string ExitShutdown = "shutdown";

    private readonly Lock _gate = new();
    private readonly ISupervisedService _service;
    private readonly SupervisorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RestartBackoff _backoff;

    private ServiceState _state = ServiceState.Starting;
    private int _restarts;
    private int _faults;
    private DateTimeOffset? _startedAt;
    private ServiceError? _lastError;
    private DateTimeOffset? _nextRestartAt;
    private string? _lastExit;

    // Cancels whatever the loop is doing now (a run or a backoff wait), for a restart request.
    private CancellationTokenSource? _phase;
    private bool _restartRequested;
    private TaskCompletionSource<bool> _nextRunBegun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _shutdown;
    private bool _started;
    private Task _loop = Task.CompletedTask;

    public SupervisedRunner(ISupervisedService service, SupervisorOptions options, TimeProvider time, ILogger logger)
    {
        _service = service;
        _options = options;
        _time = time;
        _logger = logger;
        _backoff = new RestartBackoff(options.RestartInitialDelay, options.RestartMaxDelay);
    }

    public string Name => _service.Name;

    public string DisplayName => _service.DisplayName;

    /// <summary>The run loop; complete once the service has stopped for good (shutdown, or its work is done).</summary>
    public Task Loop
    {
        get
        {
            lock (_gate)
            {
                return _loop;
            }
        }
    }

    public void Start(CancellationToken shutdown)
    {
        lock (_gate)
        {
            _shutdown = shutdown;
            _started = true;
            _loop = Task.Run(() => LoopAsync(restarting: false), CancellationToken.None);
        }
    }

    /// <summary>Stops the current run (or skips the backoff wait) and runs the service again; the task says true when the new run begins, false when the host stops first.</summary>
    public Task<bool> RequestRestart()
    {
        CancellationTokenSource? phase;
        Task<bool> begun;
        lock (_gate)
        {
            if (!_started || _shutdown.IsCancellationRequested)
            {
                return _nextRunBegun.Task;
            }

            _restartRequested = true;
            begun = _nextRunBegun.Task;
            phase = _phase;
            if (_loop.IsCompleted)
            {
                // It had finished its work: run it again.
                _loop = Task.Run(() => LoopAsync(restarting: true), CancellationToken.None);
            }

            if (_state == ServiceState.Running)
            {
                _state = ServiceState.Restarting;
            }
        }

        SupervisorLog.RestartRequested(_logger, Name);
        CancelQuietly(phase);
        return begun;
    }

    /// <summary>Marks the service as stopping, just before the supervisor cancels every run for shutdown.</summary>
    public void MarkStopping()
    {
        lock (_gate)
        {
            if (_state != ServiceState.Stopped)
            {
                _state = ServiceState.Stopping;
                _nextRestartAt = null;
            }
        }
    }

    public SupervisedServiceSnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return new SupervisedServiceSnapshot
            {
                Name = _service.Name,
                DisplayName = _service.DisplayName,
                State = _state,
                Restarts = _restarts,
                Faults = _faults,
                StartedAt = _startedAt,
                UptimeSeconds = _state == ServiceState.Running && _startedAt is { } started
                    ? Math.Round((now - started).TotalSeconds, 3)
                    : null,
                LastError = _lastError,
                NextRestartAt = _nextRestartAt,
                LastExit = _lastExit,
            };
        }
    }

    private async Task LoopAsync(bool restarting)
    {
        while (true)
        {
            var run = BeginRun(restarting, out var startedAt);
            if (run is null)
            {
                Finish(exit: null);
                return;
            }

            if (restarting && _logger.IsEnabled(LogLevel.Information))
            {
                var restarts = Snapshot().Restarts;
                SupervisorLog.Restarted(_logger, Name, restarts);
            }

            Exception? fault = null;
            try
            {
                await _service.RunAsync(run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                // Stopped as asked.
            }
            catch (Exception ex)
            {
                fault = ex;
            }

            var ranFor = _time.GetElapsedTime(startedAt);
            var cancelled = run.IsCancellationRequested;
            EndPhase(run);
            if (_shutdown.IsCancellationRequested)
            {
                Finish(fault is null ? ExitShutdown : ExitFaulted);
                return;
            }

            if (fault is null && !cancelled)
            {
                Finish(ExitCompleted);
                SupervisorLog.Completed(_logger, Name);
                return;
            }

            restarting = true;
            if (fault is null)
            {
                lock (_gate)
                {
                    _state = ServiceState.Restarting;
                    _lastExit = ExitRestartRequested;
                }

                continue;
            }

            if (!await WaitAfterFaultAsync(fault, ranFor).ConfigureAwait(false))
            {
                Finish(exit: null);
                return;
            }
        }
    }

    /// <summary>Records the fault and waits out the backoff delay; false when the host stops meanwhile.</summary>
    private async Task<bool> WaitAfterFaultAsync(Exception fault, TimeSpan ranFor)
    {
        if (ranFor >= _options.StableAfter)
        {
            _backoff.Reset();
        }

        var delay = _backoff.Next();
        int faults;
        lock (_gate)
        {
            faults = ++_faults;
            _lastError = new ServiceError(Describe(fault), fault.GetType().Name, _time.GetUtcNow());
            _lastExit = ExitFaulted;
            _state = ServiceState.Faulted;
        }

        SupervisorLog.Faulted(_logger, Name, ranFor.TotalSeconds, delay.TotalSeconds, faults, fault);
        var wait = BeginWait(delay, out var waited);
        if (wait is null)
        {
            return false;
        }

        try
        {
            await waited.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Skipped: a restart was requested, or the host is stopping.
        }

        EndPhase(wait);
        return !_shutdown.IsCancellationRequested;
    }

    private CancellationTokenSource? BeginRun(bool restarting, out long startedAt)
    {
        startedAt = _time.GetTimestamp();
        TaskCompletionSource<bool> begun;
        CancellationTokenSource run;
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return null;
            }

            run = CancellationTokenSource.CreateLinkedTokenSource(_shutdown);
            _phase = run;
            _restartRequested = false;
            if (restarting)
            {
                _restarts++;
            }

            _state = ServiceState.Running;
            _startedAt = _time.GetUtcNow();
            _nextRestartAt = null;
            begun = _nextRunBegun;
            _nextRunBegun = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        begun.TrySetResult(true);
        return run;
    }

    private CancellationTokenSource? BeginWait(TimeSpan delay, out Task waited)
    {
        lock (_gate)
        {
            waited = Task.CompletedTask;
            if (_shutdown.IsCancellationRequested)
            {
                return null;
            }

            var wait = CancellationTokenSource.CreateLinkedTokenSource(_shutdown);
            _phase = wait;
            if (_restartRequested)
            {
                wait.Cancel();
            }

            // The timer exists before the state says so: whoever sees "restarting" may move (fake) time.
            waited = Task.Delay(delay, _time, wait.Token);
            _state = ServiceState.Restarting;
            _nextRestartAt = _time.GetUtcNow() + delay;
            return wait;
        }
    }

    private void EndPhase(CancellationTokenSource phase)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_phase, phase))
            {
                _phase = null;
            }

            // Disposed under the lock, so a restart request never cancels a disposed source.
            phase.Dispose();
        }
    }

    private void Finish(string? exit)
    {
        TaskCompletionSource<bool> begun;
        lock (_gate)
        {
            _state = ServiceState.Stopped;
            _nextRestartAt = null;
            if (exit is not null)
            {
                _lastExit = exit;
            }

            begun = _nextRunBegun;
            _nextRunBegun = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Nobody waits for a run that will not come.
        begun.TrySetResult(false);
    }

    private void CancelQuietly(CancellationTokenSource? phase)
    {
        if (phase is null)
        {
            return;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(_phase, phase))
            {
                return;
            }
        }

        try
        {
            phase.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The phase ended meanwhile; the loop will see the restart flag.
        }
    }

    private static string Describe(Exception exception)
    {
        var text = exception.Message;
        var inner = exception.InnerException;
        for (var depth = 0; inner is not null && depth < 3; depth++, inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal))
            {
                text = text + ": " + inner.Message;
            }
        }

        return text;
    }
}
