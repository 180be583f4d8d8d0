using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Tickwatch.Trading.AutoCutoff;

/// <summary>
/// Sends margin calls off the watcher's path: <see cref="TryEnqueue"/> never blocks (a bounded queue; a full one drops
/// the message, counted and logged), and <see cref="RunAsync"/> delivers each, retried a few times with a doubling wait.
/// </summary>
public sealed class MarginCallMailer
{
    private readonly IMarginCallDelivery _delivery;
    private readonly AutoCutoffOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<MarginCall> _queue;
    private long _queued;
    private long _sent;
    private long _written;
    private long _failed;
    private long _dropped;
    private long _retries;
    private string? _lastError;
    private string? _lastPath;

    public MarginCallMailer(IMarginCallDelivery delivery, IOptions<AutoCutoffOptions> options, TimeProvider time, ILogger<MarginCallMailer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _delivery = delivery;
        _options = options.Value;
        _time = time;
        _logger = logger ?? NullLogger<MarginCallMailer>.Instance;
        _queue = Channel.CreateBounded<MarginCall>(new BoundedChannelOptions(_options.MailQueueSize) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    }

    public string Destination => _delivery.Destination;

    /// <summary>Queues a margin call; false (counted, logged) when the queue is full.</summary>
    public bool TryEnqueue(MarginCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_queue.Writer.TryWrite(call))
        {
            Interlocked.Increment(ref _queued);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        AutoCutoffLog.MailDropped(_logger, call.Account, _options.MailQueueSize);
        return false;
    }

    public MarginCallMailStatistics GetStatistics() => new(
        _delivery.IsFolder ? "folder" : "smtp",
        _delivery.Destination,
        _queue.Reader.Count,
        Interlocked.Read(ref _queued),
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _written),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _retries),
        Volatile.Read(ref _lastError),
        Volatile.Read(ref _lastPath));

    /// <summary>Delivers queued messages until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var call in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await DeliverAsync(call, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal stop; what is queued is lost with the process, and the next portfolio below the cutoff calls again after the window.
        }
    }

    private async Task DeliverAsync(MarginCall call, CancellationToken cancellationToken)
    {
        var account = call.Account;
        var delay = _options.MailRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var where = await _delivery.DeliverAsync(call.ToMessage(_options.Smtp.From), cancellationToken).ConfigureAwait(false);
                if (_delivery.IsFolder)
                {
                    AutoCutoffLog.MailWritten(_logger, account, where);
                    Volatile.Write(ref _lastPath, where);
                    Interlocked.Increment(ref _written);
                }
                else
                {
                    AutoCutoffLog.MailSent(_logger, account, where);
                    Interlocked.Increment(ref _sent);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Only the message of the failure: a server's reply never holds the password, and the options are not logged.
                Volatile.Write(ref _lastError, ex.Message);
                if (attempt >= _options.MailAttempts)
                {
                    AutoCutoffLog.MailFailed(_logger, account, attempt, ex.Message);
                    Interlocked.Increment(ref _failed);
                    return;
                }

                Interlocked.Increment(ref _retries);
                AutoCutoffLog.MailRetry(_logger, account, attempt, _options.MailAttempts, delay, ex.Message);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }

                delay += delay;
            }
        }
    }
}
