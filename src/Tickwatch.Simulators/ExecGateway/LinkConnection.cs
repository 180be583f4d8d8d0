using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>One accepted link connection: its queue of reports and the loop that writes them, late when delayed, held while paused, repeated when asked.</summary>
internal sealed class LinkConnection(long id, ConnectionContext context, TimeProvider timeProvider, int maxQueued)
{
    private readonly Channel<QueuedReport> _queue = Channel.CreateUnbounded<QueuedReport>(new UnboundedChannelOptions { SingleReader = true });
    private int _queued;
    private int _delaying;
    private long _requests;
    private long _reports;

    public long Id { get; } = id;

    public string? Remote { get; } = context.RemoteEndPoint?.ToString();

    public long Requests => Interlocked.Read(ref _requests);

    public long Reports => Interlocked.Read(ref _reports);

    public int Queued => Volatile.Read(ref _queued);

    /// <summary>1 while the writer holds a report for the delay control (<c>/control/delay</c>), else 0.</summary>
    public int Delaying => Volatile.Read(ref _delaying);

    public void CountRequest() => Interlocked.Increment(ref _requests);

    /// <summary>Queues a report to be written <paramref name="copies"/> times once <paramref name="delay"/> has passed; false when the queue is full.</summary>
    public bool TryEnqueue(ExecutionReport report, TimeSpan delay, int copies)
    {
        if (Interlocked.Increment(ref _queued) > maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        return _queue.Writer.TryWrite(new QueuedReport(report, timeProvider.GetUtcNow() + delay, copies));
    }

    public async Task WriteLoopAsync(Func<CancellationToken, Task> whenResumed, CancellationToken cancellationToken)
    {
        var output = context.Transport.Output;
        await foreach (var item in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            var wait = item.Due - timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                // Counted only once the timer is set, so whoever moves a fake clock after seeing it moves the timer too.
                var held = Task.Delay(wait, timeProvider, cancellationToken);
                Interlocked.Increment(ref _delaying);
                try
                {
                    await held;
                }
                finally
                {
                    Interlocked.Decrement(ref _delaying);
                }
            }

            await whenResumed(cancellationToken);
            for (var i = 0; i < item.Copies; i++)
            {
                ProviderFraming.Write(item.Report, output);
                Interlocked.Increment(ref _reports);
            }

            Interlocked.Decrement(ref _queued);
            var flushed = await output.FlushAsync(cancellationToken);
            if (flushed.IsCompleted)
            {
                return;
            }
        }
    }

    public void Complete() => _queue.Writer.TryComplete();

    public void Abort(string reason) => context.Abort(new ConnectionAbortedException(reason));

    private readonly record struct QueuedReport(ExecutionReport Report, DateTimeOffset Due, int Copies);
}
